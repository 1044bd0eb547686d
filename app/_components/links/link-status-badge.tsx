import type { NetworkLinkStatus } from "@/server/links/contract";
import { Badge } from "@/app/_components/ui/badge";

const tone = { requested: "warn", approved: "good", rejected: "bad", revoked: "neutral" } as const;
const label = { requested: "Awaiting approval", approved: "Approved", rejected: "Rejected", revoked: "Revoked" } as const;

export function LinkStatusBadge({ status }: { status: NetworkLinkStatus }) {
  return <Badge tone={tone[status]}>{label[status]}</Badge>;
}
