import type { Reapplied } from "@/app/_lib/api-types";
import { toast } from "@/app/_components/ui/toast";

/** Says what a secret change did to the app's live deployments. */
export function announceSecretChange(done: string, redeployed: Reapplied[]) {
  const queued = redeployed.filter((r) => r.revision !== null).length;
  toast.success(`${done}${queued ? `; ${queued} live deployment${queued === 1 ? "" : "s"} re-applied with it` : ""}`);
  for (const r of redeployed.filter((r) => r.refused)) toast.warning(`Deployment on ${r.target} keeps its current revision: ${r.refused}`);
}
