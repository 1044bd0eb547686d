import type { AuditOutcome } from "@/server/audit/contract";
import { Badge } from "./badge";

const tones = { ok: "good", denied: "bad", failed: "warn" } as const;

export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  return <Badge tone={tones[outcome]}>{outcome}</Badge>;
}
