// Pure: what a DescribeServices answer means for Bulkhead's deployment phases.
import type { DescribeServicesCommandOutput } from "@aws-sdk/client-ecs";
import type { ResourceStatus } from "../types";

/**
 * Running once the primary rollout has COMPLETED and enough tasks run; failed when the deployment
 * circuit breaker gave up on it (with why a task stopped, when the caller read it); absent when ECS no
 * longer has an active service of that name.
 */
export function statusOf(answer: Pick<DescribeServicesCommandOutput, "services">, stoppedReason?: string): ResourceStatus {
  const service = answer.services?.[0];
  if (!service || service.status === "INACTIVE") return { phase: "absent", message: "No such ECS service" };
  if (service.status === "DRAINING") return { phase: "absent", message: "The ECS service is being deleted" };

  const running = service.runningCount ?? 0;
  const desired = service.desiredCount ?? 0;
  const primary = service.deployments?.find((d) => d.status === "PRIMARY");
  const tasks = `${running} of ${desired} tasks running`;
  if (primary?.rolloutState === "FAILED") {
    const why = stoppedReason ? `; a task stopped: ${stoppedReason}` : "";
    return { phase: "failed", message: `Rollout failed: ${primary.rolloutStateReason ?? "tasks did not start"} (${tasks})${why}`, runningInstances: running };
  }
  if (primary?.rolloutState === "COMPLETED" && running >= desired) {
    return { phase: "running", message: tasks, runningInstances: running };
  }
  const rollout = primary?.rolloutState ? `rollout ${primary.rolloutState.toLowerCase().replace("_", " ")}` : "rollout starting";
  return { phase: "pending", message: `${tasks}; ${rollout}`, runningInstances: running };
}
