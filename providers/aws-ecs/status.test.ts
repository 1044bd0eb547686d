import type { Deployment, Service } from "@aws-sdk/client-ecs";
import { expect, it } from "vitest";
import { statusOf } from "./status";

const primary = (rolloutState: Deployment["rolloutState"], rolloutStateReason?: string): Deployment => ({ status: "PRIMARY", rolloutState, rolloutStateReason });
const service = (fields: Partial<Service>): Service => ({ status: "ACTIVE", desiredCount: 2, runningCount: 2, deployments: [primary("COMPLETED")], ...fields });

it.each<[string, Service[], string, RegExp]>([
  ["no service", [], "absent", /No such/],
  ["an INACTIVE service", [service({ status: "INACTIVE" })], "absent", /No such/],
  ["a DRAINING service", [service({ status: "DRAINING" })], "absent", /being deleted/],
  ["a completed rollout with every task running", [service({})], "running", /^2 of 2 tasks running$/],
  ["a rollout in progress", [service({ runningCount: 0, deployments: [primary("IN_PROGRESS")] })], "pending", /0 of 2 tasks running; rollout in progress/],
  ["a completed rollout still scaling up", [service({ runningCount: 1 })], "pending", /1 of 2 tasks running/],
  ["a rollout the circuit breaker failed", [service({ runningCount: 0, deployments: [primary("FAILED", "tasks failed to start")] })], "failed", /Rollout failed: tasks failed to start/],
  [
    "a rollout the circuit breaker failed and rolled back from",
    [service({ deployments: [{ status: "PRIMARY", rolloutState: "IN_PROGRESS", createdAt: new Date(1000) }, { status: "ACTIVE", rolloutState: "FAILED", rolloutStateReason: "tasks failed to start", createdAt: new Date(2000) }] })],
    "failed",
    /Rollout failed: tasks failed to start/,
  ],
  [
    "an older failed rollout the newest one replaced",
    [service({ deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED", createdAt: new Date(3000) }, { status: "ACTIVE", rolloutState: "FAILED", createdAt: new Date(2000) }] })],
    "running",
    /^2 of 2 tasks running$/,
  ],
])("%s", (_, services, phase, message) => {
  const status = statusOf({ services });
  expect(status.phase).toBe(phase);
  expect(status.message).toMatch(message);
});

it("counts the running tasks", () => {
  expect(statusOf({ services: [service({ runningCount: 3, desiredCount: 3 })] }).runningInstances).toBe(3);
});
