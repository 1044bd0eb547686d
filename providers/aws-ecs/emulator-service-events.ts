// A service's events as ECS words them (DescribeServices `events`, "Amazon ECS service event messages" in the ECS
// developer guide), derived from its rollouts and the clock: tasks started, a target found unhealthy and its task
// stopped, a rollout the circuit breaker failed and the rollback to the one before, a steady state reached, tasks
// stopped when a newer rollout replaced theirs. Rollouts replaced within the last hour still speak; ECS's own list keeps
// its last 100 events.
import { createHash } from "node:crypto";
import { clockOf, failedAt, healthy, historyOf, livesOf, taskIdOf, unhealthyOf } from "./emulator-rollouts";
import type { Rollout, Service } from "./emulator-state";

export interface ServiceEvent {
  id: string;
  /** Epoch ms. */
  createdAt: number;
  message: string;
}

const MAX_EVENTS = 100;

/** ECS event ids are UUIDs; these are derived from the event, so a re-read gives the same one. */
function eventId(service: Service, at: number, message: string): string {
  const hex = createHash("sha256").update(`${service.arn}:${at}:${message}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Values grouped by a key, in first-seen order. */
function groupBy<T>(items: T[], key: (item: T) => number | undefined): [number, T[]][] {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups];
}

function rolloutEvents(service: Service, rollout: Rollout, previous: Rollout | undefined, breaker: { enabled: boolean; rollback: boolean }, now: number): [number, string][] {
  const said: [number, string][] = [];
  const name = `(service ${service.name})`;
  const lives = livesOf(rollout, now).map((life) => ({ life, id: taskIdOf(rollout, life) }));
  const tasks = (group: { id: string }[]) => group.map(({ id }) => `(task ${id})`).join(" ");
  for (const [at, group] of groupBy(lives, ({ life }) => (life.startedAt !== undefined && life.startedAt <= now ? life.startedAt : undefined))) {
    said.push([at, `${name} has started ${group.length} tasks: ${tasks(group)}.`]);
  }
  const clock = clockOf(rollout, now);
  const unhealthy = unhealthyOf(rollout, clock);
  // Tasks ECS stopped: for failing their health checks, or because a newer rollout replaced them.
  const stops = groupBy(lives, ({ life }) => (life.stopCode === "ServiceSchedulerInitiated" && life.stoppedAt! <= now ? life.stoppedAt : undefined));
  for (const [at, group] of stops) {
    if (unhealthy && at !== rollout.retiredAt) {
      said.push([at, `${name} (port ${unhealthy.port}) is unhealthy in (target-group ${unhealthy.targetGroupArn}) due to (reason Health checks failed with these codes: [${unhealthy.status}]).`]);
    }
    said.push([at, `${name} has stopped ${group.length} running tasks: ${tasks(group)}.`]);
  }
  const failed = failedAt(rollout, clock);
  if (failed !== undefined && breaker.enabled) {
    said.push([failed, `${name} (deployment ${rollout.id}) deployment failed: tasks failed to start.`]);
    if (breaker.rollback && previous) said.push([failed, `${name} rolling back to deployment ${previous.id}.`]);
  }
  if (healthy(rollout, clock) && clock >= rollout.completesAt) said.push([Math.max(rollout.readyAt, rollout.completesAt), `${name} has reached a steady state.`]);
  return said;
}

/** Newest first, at most 100; at one instant, what happened last comes first. */
export function serviceEvents(service: Service, breaker: { enabled: boolean; rollback: boolean }, now: number): ServiceEvent[] {
  const history = historyOf(service);
  const said = history.flatMap((rollout, index) => rolloutEvents(service, rollout, history[index + 1], breaker, now));
  // Stable: events of one instant keep the order they happened in, then the whole list turns newest first.
  said.sort(([a], [b]) => a - b).reverse();
  return said.slice(0, MAX_EVENTS).map(([createdAt, message]) => ({ id: eventId(service, createdAt, message), createdAt, message }));
}
