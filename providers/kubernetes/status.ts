// Pure: where a Deployment's rollout stands, from its status as the Deployment controller writes it
// (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status) and its pods' conditions,
// in the API server's words.
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import type { ResourceStatus } from "../types";

/** Waiting reasons that do not clear up by themselves: the image, its user or the app must change. */
const STUCK = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff", "RunContainerError"]);

/** The first pod problem worth telling: a container stuck waiting, or a pod the scheduler cannot place. */
function podProblem(pods: readonly V1Pod[]): { message: string; stuck: boolean } | undefined {
  for (const pod of pods) {
    for (const container of pod.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting;
      if (waiting?.reason && STUCK.has(waiting.reason)) return { message: `Pod ${pod.metadata?.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}`, stuck: true };
    }
    const unscheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
    if (unscheduled) return { message: `Pod ${pod.metadata?.name} is not scheduled (${unscheduled.reason ?? "Unschedulable"}): ${unscheduled.message ?? "no node fits it"}`, stuck: false };
  }
  return undefined;
}

export function deploymentStatus(deployment: V1Deployment, pods: readonly V1Pod[], url?: string): ResourceStatus {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const [updated, available, total] = [status.updatedReplicas ?? 0, status.availableReplicas ?? 0, status.replicas ?? 0];
  const conditions = status.conditions ?? [];
  const failure = conditions.find((c) => c.type === "ReplicaFailure" && c.status === "True");
  if (failure) return { phase: "failed", message: `ReplicaFailure${failure.reason ? ` (${failure.reason})` : ""}: ${failure.message ?? "the ReplicaSet could not create pods"}`, url, runningInstances: available };
  const progressing = conditions.find((c) => c.type === "Progressing");
  if (progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded") {
    return { phase: "failed", message: `${progressing.message ?? "The rollout did not progress in time"}${podSuffix(pods)}`, url, runningInstances: available };
  }
  const observed = (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  if (observed && updated === desired && available >= desired && total === desired) {
    return { phase: "running", message: `${available} of ${desired} pod(s) available on the current revision`, url, runningInstances: available };
  }
  const problem = podProblem(pods);
  if (problem?.stuck) return { phase: "failed", message: problem.message, url, runningInstances: available };
  const progress = observed ? `${updated} of ${desired} pod(s) updated, ${available} available` : "the Deployment controller has not seen the latest change yet";
  return { phase: "pending", message: problem ? `${progress}; ${problem.message}` : `Rolling out: ${progress}`, url, runningInstances: available };
}

function podSuffix(pods: readonly V1Pod[]): string {
  const problem = podProblem(pods);
  return problem ? `; ${problem.message}` : "";
}
