import type { DeploymentStatus } from "@/server/deployments/contract";
import { Badge } from "@/app/_components/ui/badge";

const tones = { queued: "neutral", deploying: "info", running: "good", failed: "bad", destroying: "warn", destroyed: "neutral", missing: "bad" } as const;
const labels = { queued: "Queued", deploying: "Deploying", running: "Running", failed: "Failed", destroying: "Destroying", destroyed: "Destroyed", missing: "Missing" } as const;

export function DeploymentStatusBadge({ status }: { status: DeploymentStatus }) {
  return <Badge tone={tones[status]}>{labels[status]}</Badge>;
}
