// What ECS says happened to a service, in its own words, newest first: the service's events (tasks started, a target
// unhealthy, a rollout failed and rolled back), why the circuit breaker failed a rollout, and why each recently
// stopped task stopped. Pure.
import type { Service, Task } from "@aws-sdk/client-ecs";
import type { CloudEvent } from "../types";

const MAX_EVENTS = 100;
/** Words ECS uses for what went wrong. */
const FAILURE = /\b(failed|unhealthy|unable|rolling back|error)\b/i;
/** Stop codes of tasks that stopped because something failed, not because ECS or someone replaced them on purpose. */
const FAILED_STOPS = new Set(["TaskFailedToStart", "EssentialContainerExited"]);

const iso = (date: Date | undefined) => date?.toISOString();

export function eventsOf(service: Service | undefined, stopped: Task[]): CloudEvent[] {
  const events: CloudEvent[] = [];
  for (const event of service?.events ?? []) {
    const time = iso(event.createdAt);
    if (time && event.message) events.push({ time, severity: FAILURE.test(event.message) ? "warning" : "normal", message: event.message, source: "ECS service event" });
  }
  for (const deployment of service?.deployments ?? []) {
    const time = iso(deployment.updatedAt);
    if (deployment.rolloutState === "FAILED" && time && deployment.rolloutStateReason) {
      events.push({ time, severity: "warning", message: deployment.rolloutStateReason, source: `ECS deployment ${deployment.id}` });
    }
  }
  for (const task of stopped) {
    const time = iso(task.stoppedAt ?? task.stoppingAt);
    if (!time || !task.stoppedReason) continue;
    const failure = FAILED_STOPS.has(task.stopCode ?? "") || FAILURE.test(task.stoppedReason);
    events.push({ time, severity: failure ? "warning" : "normal", message: task.stoppedReason, source: `stopped task ${task.taskArn?.slice(task.taskArn.lastIndexOf("/") + 1)}` });
  }
  return events.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).slice(0, MAX_EVENTS);
}
