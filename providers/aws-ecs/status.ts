// Pure: what a DescribeServices answer means for Bulkhead's deployment phases.
import type { Deployment, DescribeServicesCommandOutput, Service } from "@aws-sdk/client-ecs";
import type { ResourceStatus } from "../types";

/**
 * The rollout the circuit breaker failed, if the newest one failed: the PRIMARY deployment itself, or, once ECS rolled
 * back ("the deployment changes to the last completed deployment", Amazon ECS deployment circuit breaker,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html), an ACTIVE one created
 * after the PRIMARY that took the service back: the rollback keeps the old tasks running, but what was applied failed.
 */
export function failedRollout(service: Service): Deployment | undefined {
  const primary = service.deployments?.find((d) => d.status === "PRIMARY");
  if (primary?.rolloutState === "FAILED") return primary;
  const created = (d: Deployment) => d.createdAt?.getTime() ?? 0;
  return service.deployments?.find((d) => d.status !== "PRIMARY" && d.rolloutState === "FAILED" && primary !== undefined && created(d) > created(primary));
}

/**
 * Running once the primary rollout has COMPLETED and enough tasks run; failed when the deployment
 * circuit breaker gave up on the newest rollout (with why a task stopped, when the caller read it); absent when ECS no
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
  const failed = failedRollout(service);
  if (failed) {
    const why = stoppedReason ? `; a task stopped: ${stoppedReason}` : "";
    return { phase: "failed", message: `Rollout failed: ${failed.rolloutStateReason ?? "tasks did not start"} (${tasks})${why}`, runningInstances: running };
  }
  if (primary?.rolloutState === "COMPLETED" && running >= desired) {
    return { phase: "running", message: tasks, runningInstances: running };
  }
  const rollout = primary?.rolloutState ? `rollout ${primary.rolloutState.toLowerCase().replace("_", " ")}` : "rollout starting";
  return { phase: "pending", message: `${tasks}; ${rollout}`, runningInstances: running };
}
