// A service's rollouts ("deployments" in ECS): each a task definition brought up to desiredCount tasks
// provisionDelayMs after it was asked for. Task states follow from these timestamps and the clock; the tasks
// read their secrets when they start, and if that fails ECS stops them and they never run. Tasks that fail their load
// balancer's health checks run until ECS stops them, and are replaced, in generations (./emulator-elb-health.ts).
import { createHash, randomInt } from "node:crypto";
import type { Unhealthy } from "./emulator-elb-health";
import type { Rollout, Service } from "./emulator-state";
import type { TaskStart } from "./emulator-task-start";

/** One task of a rollout: which slot of desiredCount it fills, its generation (replacements), when it ran and stopped. */
export interface TaskLife {
  slot: number;
  generation: number;
  startedAt?: number;
  stoppedAt?: number;
  stoppedReason?: string;
  stopCode?: string;
}

/** Stopped tasks a rollout keeps showing: ListTasks pages by 100, and ECS forgets stopped tasks after about an hour. */
const STOPPED_SHOWN = 100;

/** How the rollout's tasks started, from the moment they do (remembered: secrets are read once, at start). */
export function startOf(rollout: Rollout, now: number): TaskStart | undefined {
  if (rollout.start === undefined && now >= rollout.readyAt) rollout.start = rollout.launch(now);
  return rollout.start;
}

/** Whether the rollout's tasks were stopped at start (their secrets could not be read). */
export function failedToStart(rollout: Rollout, now: number): boolean {
  const start = startOf(rollout, now);
  return start !== undefined && "failure" in start;
}

/** When the rollout's tasks fail their load balancer's health checks, how ECS handles them. */
export function unhealthyOf(rollout: Rollout, now: number): Unhealthy | undefined {
  const start = startOf(rollout, now);
  return start && "environment" in start ? start.unhealthy : undefined;
}

const cycleOf = (unhealthy: Unhealthy) => unhealthy.stopAfterMs + unhealthy.restartMs;

/** Generations of replacements that run before the circuit breaker gives up (all, without a breaker). */
function generationsToFail(rollout: Rollout, unhealthy: Unhealthy): number | undefined {
  if (unhealthy.threshold === undefined || rollout.desiredCount === 0) return undefined;
  return Math.ceil(unhealthy.threshold / rollout.desiredCount);
}

/** When the rollout failed: its tasks could not start, or the circuit breaker counted enough stopped tasks. */
export function failedAt(rollout: Rollout, now: number): number | undefined {
  if (failedToStart(rollout, now)) return rollout.readyAt;
  const unhealthy = unhealthyOf(rollout, now);
  const generations = unhealthy && generationsToFail(rollout, unhealthy);
  if (!unhealthy || generations === undefined) return undefined;
  const at = rollout.readyAt + (generations - 1) * cycleOf(unhealthy) + unhealthy.stopAfterMs;
  return now >= at ? at : undefined;
}

/** Whether the rollout has failed by now. */
export const hasFailed = (rollout: Rollout, now: number) => failedAt(rollout, now) !== undefined;

/** Whether the rollout's tasks run and pass their health checks: what lets ECS drain the older rollouts. */
export const healthy = (rollout: Rollout, now: number) => now >= rollout.readyAt && !failedToStart(rollout, now) && !unhealthyOf(rollout, now);

export function running(rollout: Rollout, now: number): number {
  if (now < rollout.readyAt) return Math.min(rollout.runningBefore, rollout.desiredCount);
  if (hasFailed(rollout, now)) return 0;
  const unhealthy = unhealthyOf(rollout, now);
  if (unhealthy && (now - rollout.readyAt) % cycleOf(unhealthy) >= unhealthy.stopAfterMs) return 0;
  return rollout.desiredCount;
}

/** Task ids stay stable between reads: derived from the rollout, the slot and (for replacements) the generation. */
export const taskIdOf = (rollout: Rollout, life: TaskLife) =>
  createHash("sha256")
    .update(life.generation === 0 ? `${rollout.id}:${life.slot}` : `${rollout.id}:${life.slot}:${life.generation}`)
    .digest("hex")
    .slice(0, 32);

const slots = (rollout: Rollout) => Array.from({ length: rollout.desiredCount }, (_, slot) => slot);

/** The time a rollout's state is read at: now, or when it was retired. */
export const clockOf = (rollout: Rollout, now: number) => Math.min(now, rollout.retiredAt ?? now);

/**
 * The rollout's tasks by now, the stopped ones included (the newest of them), oldest generation first. A retired
 * rollout's tasks stopped when it was replaced ("Scaling activity initiated by (deployment …)", as ECS says).
 */
export function livesOf(rollout: Rollout, now: number): TaskLife[] {
  const at = clockOf(rollout, now);
  const lives = livesUntil(rollout, at);
  if (rollout.retiredAt === undefined) return lives;
  const stopped = { stoppedAt: rollout.retiredAt, stoppedReason: `Scaling activity initiated by (deployment ${rollout.retiredBy})`, stopCode: "ServiceSchedulerInitiated" };
  return lives.filter((life) => life.startedAt !== undefined || life.stoppedAt !== undefined).map((life) => (life.stoppedAt === undefined ? { ...life, ...stopped } : life));
}

function livesUntil(rollout: Rollout, now: number): TaskLife[] {
  const start = startOf(rollout, now);
  if (start === undefined) {
    const up = Math.min(rollout.runningBefore, rollout.desiredCount);
    return slots(rollout).map((slot) => ({ slot, generation: 0, ...(slot < up ? { startedAt: rollout.createdAt } : {}) }));
  }
  if ("failure" in start) {
    // Stopped before any container ran ("Amazon ECS stopped task error messages").
    return slots(rollout).map((slot) => ({ slot, generation: 0, stoppedAt: rollout.readyAt, stoppedReason: start.failure, stopCode: "TaskFailedToStart" }));
  }
  const unhealthy = start.unhealthy;
  if (!unhealthy) return slots(rollout).map((slot) => ({ slot, generation: 0, startedAt: slot < rollout.runningBefore ? rollout.createdAt : rollout.readyAt }));
  const cycle = cycleOf(unhealthy);
  const limit = generationsToFail(rollout, unhealthy);
  const reached = Math.max(0, Math.floor((now - rollout.readyAt) / cycle));
  const last = limit === undefined ? reached : Math.min(reached, limit - 1);
  const first = Math.max(0, last - Math.ceil(STOPPED_SHOWN / Math.max(rollout.desiredCount, 1)));
  const lives: TaskLife[] = [];
  for (let generation = first; generation <= last; generation++) {
    const startedAt = rollout.readyAt + generation * cycle;
    const stoppedAt = startedAt + unhealthy.stopAfterMs;
    const stopped = now >= stoppedAt ? { stoppedAt, stoppedReason: `Task failed ELB health checks in (target-group ${unhealthy.targetGroupArn})`, stopCode: "ServiceSchedulerInitiated" } : {};
    for (const slot of slots(rollout)) lives.push({ slot, generation, startedAt, ...stopped });
  }
  // Between a stop and its replacement's start, the replacements are provisioning.
  if (!hasFailed(rollout, now) && now >= rollout.readyAt + last * cycle + unhealthy.stopAfterMs) for (const slot of slots(rollout)) lives.push({ slot, generation: last + 1 });
  return lives;
}

export function newRollout(taskDefinitionArn: string, desiredCount: number, now: number, delayMs: number, launch: Rollout["launch"]): Rollout {
  const id = `ecs-svc/${Array.from({ length: 19 }, () => randomInt(10)).join("")}`;
  return { id, taskDefinitionArn, desiredCount, createdAt: now, updatedAt: now, readyAt: now + delayMs, runningBefore: 0, completesAt: now + delayMs, launch };
}

/**
 * Once the primary rollout runs healthy, ECS has drained the older ones; while its tasks fail to start or fail their
 * health checks, they keep running (and the circuit breaker's rollback returns to them).
 */
export function settle(service: Service, now: number) {
  const [primary, ...older] = service.rollouts;
  if (older.length && healthy(primary, now)) {
    retire(service, older, primary.readyAt, primary.id, now);
    service.rollouts = [primary];
  }
}

/** How long replaced rollouts are remembered: ECS shows stopped tasks for at least an hour. */
const RETIRED_KEPT_MS = 60 * 60 * 1000;
const RETIRED_MAX = 10;

/** Keeps replaced rollouts as history: their tasks stopped at `at`, replaced by the rollout `by`. */
export function retire(service: Service, rollouts: Rollout[], at: number, by: string, now: number) {
  const retired = rollouts.map((rollout) => ({ ...rollout, retiredAt: Math.max(at, rollout.createdAt), retiredBy: by }));
  service.retired = [...retired, ...(service.retired ?? [])].filter((rollout) => rollout.retiredAt! > now - RETIRED_KEPT_MS).slice(0, RETIRED_MAX);
}

/** The rollouts whose tasks, events and logs a reader sees: the service's, then the retired ones, newest first. */
export const historyOf = (service: Service): Rollout[] => [...service.rollouts, ...(service.retired ?? [])];

/**
 * A deleted service is DRAINING while its tasks stop, then INACTIVE ("After all tasks have transitioned to either
 * STOPPING or STOPPED status, the service status moves from DRAINING to INACTIVE", DeleteService API reference).
 */
export function drain(service: Service, now: number) {
  if (service.status === "DRAINING" && now >= (service.drainedAt ?? 0)) {
    service.status = "INACTIVE";
    delete service.drainedAt;
  }
}
