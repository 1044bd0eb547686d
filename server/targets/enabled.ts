import { PolicyViolationError } from "@/server/errors";

/** A disabled target takes no new deploys: refused naming the target and why, audited as denied. */
export function requireEnabled(target: { id: string; name: string; disabledAt: Date | null; disabledReason: string }, attempt: { action: string; teamId: string }): void {
  if (!target.disabledAt) return;
  throw new PolicyViolationError({ ...attempt, resourceType: "target", resourceId: target.id }, [
    { field: "targetId", message: `Target ${target.name} is disabled${target.disabledReason ? ` (${target.disabledReason})` : ""}: choose another target` },
  ]);
}
