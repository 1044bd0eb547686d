// A service's rollouts ("deployments" in ECS): each a task definition brought up to desiredCount tasks
// provisionDelayMs after it was asked for. Task states follow from these timestamps and the clock; the tasks
// read their secrets when they start, and if that fails ECS stops them and they never run.
import { randomInt } from "node:crypto";
import type { Rollout, Service } from "./emulator-state";
import type { TaskStart } from "./emulator-task-start";

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

export function running(rollout: Rollout, now: number): number {
  if (now < rollout.readyAt) return Math.min(rollout.runningBefore, rollout.desiredCount);
  return failedToStart(rollout, now) ? 0 : rollout.desiredCount;
}

export function newRollout(taskDefinitionArn: string, desiredCount: number, now: number, delayMs: number, launch: Rollout["launch"]): Rollout {
  const id = `ecs-svc/${Array.from({ length: 19 }, () => randomInt(10)).join("")}`;
  return { id, taskDefinitionArn, desiredCount, createdAt: now, updatedAt: now, readyAt: now + delayMs, runningBefore: 0, completesAt: now + delayMs, launch };
}

/** Once the primary rollout runs, ECS has drained the older ones; while its tasks fail to start, they keep running. */
export function settle(service: Service, now: number) {
  const [primary] = service.rollouts;
  if (service.rollouts.length > 1 && now >= primary.readyAt && !failedToStart(primary, now)) service.rollouts = [primary];
}

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
