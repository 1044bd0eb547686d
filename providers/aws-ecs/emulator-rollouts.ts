// A service's rollouts ("deployments" in ECS): each a task definition brought up to desiredCount tasks
// provisionDelayMs after it was asked for. Task states follow from these timestamps and the clock.
import { randomInt } from "node:crypto";
import type { Rollout, Service } from "./emulator-state";

export const running = (rollout: Rollout, now: number) => (now >= rollout.readyAt ? rollout.desiredCount : Math.min(rollout.runningBefore, rollout.desiredCount));

export function newRollout(taskDefinitionArn: string, desiredCount: number, now: number, delayMs: number): Rollout {
  const id = `ecs-svc/${Array.from({ length: 19 }, () => randomInt(10)).join("")}`;
  return { id, taskDefinitionArn, desiredCount, createdAt: now, updatedAt: now, readyAt: now + delayMs, runningBefore: 0, completesAt: now + delayMs };
}

/** Once the primary rollout runs, ECS has drained the older ones. */
export function settle(service: Service, now: number) {
  if (service.rollouts.length > 1 && now >= service.rollouts[0].readyAt) service.rollouts = [service.rollouts[0]];
}
