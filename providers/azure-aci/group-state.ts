// Reading a container group as the SDK returns it: the deployment's status, and whether a new request
// can update it in place. Pure.
import type { ContainerGroup } from "@azure/arm-containerinstance";
import type { ResourceStatus } from "@/providers/types";
import { SPEC_TAG } from "./plan";

export function statusOf(group: ContainerGroup): ResourceStatus {
  const provisioning = group.provisioningState ?? "Unknown";
  const state = group.instanceView?.state;
  const current = group.containers[0]?.instanceView?.currentState;
  const lastEvent = group.containers[0]?.instanceView?.events?.at(-1);
  const details = [current?.detailStatus, lastEvent?.message].filter(Boolean).join(" — ");
  const because = details ? `: ${details}` : "";

  if (provisioning === "Failed" || provisioning === "Canceled") return { phase: "failed", message: `Azure reports the container group ${provisioning}${because}`, runningInstances: 0 };
  if (provisioning === "Deleting") return { phase: "absent", message: "Azure is deleting the container group", runningInstances: 0 };
  if (provisioning === "Succeeded" && state === "Running") return { phase: "running", message: "Running", url: urlOf(group), runningInstances: 1 };
  if (provisioning === "Succeeded" && (state === "Stopped" || state === "Failed")) {
    return { phase: "failed", message: `The container group is ${state.toLowerCase()}${because}`, runningInstances: 0 };
  }
  return { phase: "pending", message: `Azure is provisioning the container group (${[provisioning, state].filter(Boolean).join(", ")})${because}`, runningInstances: 0 };
}

/** Azure Container Instances has no TLS of its own: the group answers plain HTTP on its IP or DNS name. */
function urlOf(group: ContainerGroup): string | undefined {
  const host = group.ipAddress?.fqdn ?? group.ipAddress?.ip;
  const port = group.ipAddress?.ports[0]?.port;
  if (!host || port === undefined) return undefined;
  return `http://${host}${port === 80 ? "" : `:${port}`}`;
}

/** Azure already holds exactly this request (same fingerprint) and has not given up on it. */
export function acceptedAlready(existing: ContainerGroup | undefined, desired: ContainerGroup): boolean {
  return !!existing && existing.tags?.[SPEC_TAG] === desired.tags?.[SPEC_TAG] && existing.provisioningState !== "Failed" && existing.provisioningState !== "Canceled";
}

/** Azure refuses to update OS type, restart policy, CPU/memory or network placement in place (InvalidContainerGroupUpdate). */
export function needsReplacement(existing: ContainerGroup, desired: ContainerGroup): boolean {
  const sizes = (group: ContainerGroup) =>
    group.containers
      .map((c) => `${c.name}:${c.resources.requests.cpu}:${c.resources.requests.memoryInGB}`)
      .sort()
      .join(",");
  const subnets = (group: ContainerGroup) => (group.subnetIds ?? []).map((s) => s.id.toLowerCase()).sort().join(",");
  return (
    existing.osType !== desired.osType ||
    (existing.restartPolicy ?? "Always") !== (desired.restartPolicy ?? "Always") ||
    sizes(existing) !== sizes(desired) ||
    existing.ipAddress?.type !== desired.ipAddress?.type ||
    subnets(existing) !== subnets(desired)
  );
}
