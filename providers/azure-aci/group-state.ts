// Reading a container group as the SDK returns it: the deployment's status, and whether a new request
// can update it in place. Pure.
import type { Container, ContainerGroup } from "@azure/arm-containerinstance";
import type { ResourceStatus } from "@/providers/types";
import { CONTAINER_NAME, SPEC_TAG } from "./plan";

/** ACI's probe period when a probe names none (ContainerProbe, REST reference). */
const DEFAULT_PERIOD_SECONDS = 10;

/**
 * The app container's latest failed probe, when it failed within the last three probe periods: the container fails its
 * health check now, not only once long ago. ACI keeps the group "Running" whatever its probes say; its instance view
 * counts the failures in an "Unhealthy" event whose lastTimestamp moves with each one.
 */
function failingProbe(app: Container | undefined, now: number): string | undefined {
  const periodSeconds = app?.readinessProbe?.periodSeconds ?? app?.livenessProbe?.periodSeconds ?? DEFAULT_PERIOD_SECONDS;
  const latest = (app?.instanceView?.events ?? [])
    .filter((event) => event.name === "Unhealthy" && event.lastTimestamp)
    .sort((a, b) => b.lastTimestamp!.getTime() - a.lastTimestamp!.getTime())[0];
  return latest && latest.lastTimestamp!.getTime() >= now - 3 * periodSeconds * 1000 ? latest.message : undefined;
}

/**
 * A running group whose app fails its probes: "failed" once Azure has restarted the app for failing its liveness probe
 * (it keeps doing so: the app is broken, not starting), "pending" while only its readiness probe fails (Azure sends it
 * no traffic yet, and it may still come up). Otherwise "running".
 */
function runningStatus(group: ContainerGroup, now: number): ResourceStatus {
  const app = group.containers.find((container) => container.name === CONTAINER_NAME) ?? group.containers[0];
  const view = app?.instanceView;
  // The app's container, not the group's: a TLS sidecar is not an instance of the app.
  const runningInstances = view?.currentState?.state === "Running" ? 1 : 0;
  const url = urlOf(group);
  const failing = failingProbe(app, now);
  if (!failing) return { phase: "running", message: "Running", url, runningInstances };
  const restarts = view?.restartCount ?? 0;
  const killedForLiveness = (view?.events ?? []).some((event) => event.name === "Killing" && /liveness/i.test(event.message ?? ""));
  if (restarts > 0 && killedForLiveness) {
    return { phase: "failed", message: `The app container fails its health check and Azure restarted it ${restarts} time${restarts === 1 ? "" : "s"}: ${failing}`, url, runningInstances };
  }
  return { phase: "pending", message: `The app container is not ready: ${failing}`, url, runningInstances };
}

/** @param now the time the status is read at, to tell a probe failing now from one that failed long ago. */
export function statusOf(group: ContainerGroup, now = Date.now()): ResourceStatus {
  const provisioning = group.provisioningState ?? "Unknown";
  const state = group.instanceView?.state;
  const current = group.containers[0]?.instanceView?.currentState;
  const lastEvent = group.containers[0]?.instanceView?.events?.at(-1);
  const details = [current?.detailStatus, lastEvent?.message].filter(Boolean).join(" — ");
  const because = details ? `: ${details}` : "";

  if (provisioning === "Failed" || provisioning === "Canceled") return { phase: "failed", message: `Azure reports the container group ${provisioning}${because}`, runningInstances: 0 };
  if (provisioning === "Deleting") return { phase: "absent", message: "Azure is deleting the container group", runningInstances: 0 };
  if (provisioning === "Succeeded" && state === "Running") return runningStatus(group, now);
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
