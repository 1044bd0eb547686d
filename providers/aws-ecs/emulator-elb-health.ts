// What a service's load balancer makes of a task whose container fails its health check (the fault switch of
// ../emulated-container.ts), and what ECS then does, as documented:
// - the target group probes every HealthCheckIntervalSeconds and calls a target unhealthy after UnhealthyThresholdCount
//   failed probes in a row ("Health checks for Application Load Balancer target groups", ELB user guide);
// - ECS ignores unhealthy targets for healthCheckGracePeriodSeconds after a task starts, then stops the task with
//   "Task failed ELB health checks in (target-group <arn>)" and starts a replacement (CreateService API reference;
//   "Amazon ECS stopped task error messages");
// - with the deployment circuit breaker, the rollout FAILS once as many tasks stopped as its threshold, 0.5 × the
//   desired count rounded up, at least 3 and at most 200 ("How the Amazon ECS deployment circuit breaker detects
//   failures").
// The emulator's probe period (EmulatorOptions.probePeriodMs) stands for the target group's interval and shortens the
// grace period in the same ratio, so a test sees in seconds what takes minutes in AWS.
import { healthFailing, probeAnswer } from "../emulated-container";
import type { ElbStore, TargetGroup } from "./emulator-elb-state";
import type { HealthVerdict } from "./emulator-task-start";
import { type Input, optBool, optInt, optObject, optString } from "./emulator-wire";

/** When ECS stops a task that fails its load balancer's health checks, and what it says then. */
export interface Unhealthy {
  targetGroupArn: string;
  /** The container port the target group probes. */
  port: number;
  /** The HTTP status the probes got. */
  status: number;
  /** From a task's start until ECS stops it. */
  stopAfterMs: number;
  /** From a stop until its replacement runs. */
  restartMs: number;
  /** Stopped tasks after which the circuit breaker fails the rollout; absent without the breaker. */
  threshold?: number;
}

/** What of the service decides the verdict, as it is when the rollout starts. */
export interface ServiceHealthSettings {
  region: string;
  loadBalancers: Input[];
  healthCheckGracePeriodSeconds?: number;
  deploymentConfiguration?: Input;
  desiredCount: number;
}

export interface HealthClock {
  elb: ElbStore;
  provisionDelayMs: number;
  probePeriodMs?: number;
}

const BREAKER_MIN = 3;
const BREAKER_MAX = 200;

/** The target group a service's tasks are checked by: the first of its load balancers. */
export function checkingGroup(elb: ElbStore, region: string, loadBalancers: Input[]): { group: TargetGroup; port: number } | undefined {
  for (const balancer of loadBalancers) {
    const group = elb.region(region).targetGroups[optString(balancer, "targetGroupArn") ?? ""];
    if (group?.healthCheck.enabled) return { group, port: optInt(balancer, "containerPort") ?? group.port };
  }
  return undefined;
}

/** The time between two probes of the target group, on the emulator's clock. */
export const probePeriodOf = (clock: Pick<HealthClock, "probePeriodMs">, group: TargetGroup) => clock.probePeriodMs ?? group.healthCheck.interval * 1000;

export function elbVerdict(clock: HealthClock, settings: ServiceHealthSettings): HealthVerdict {
  return (environment) => {
    if (!healthFailing(environment)) return undefined;
    const checked = checkingGroup(clock.elb, settings.region, settings.loadBalancers);
    if (!checked) return undefined;
    const { group, port } = checked;
    const periodMs = probePeriodOf(clock, group);
    const scale = periodMs / (group.healthCheck.interval * 1000);
    const graceMs = (settings.healthCheckGracePeriodSeconds ?? 0) * 1000 * scale;
    const breaker = optObject(settings.deploymentConfiguration ?? {}, "deploymentCircuitBreaker");
    const threshold = optBool(breaker ?? {}, "enable") === true ? Math.min(BREAKER_MAX, Math.max(BREAKER_MIN, Math.ceil(settings.desiredCount / 2))) : undefined;
    return {
      targetGroupArn: group.arn,
      port,
      status: probeAnswer({ environment }).status,
      stopAfterMs: Math.max(graceMs, group.healthCheck.unhealthy * periodMs),
      restartMs: clock.provisionDelayMs,
      ...(threshold !== undefined ? { threshold } : {}),
    };
  };
}

/** Whether a rollout with this breaker configuration rolls back when it fails. */
export const rollsBack = (deploymentConfiguration: Input | undefined) => optBool(optObject(deploymentConfiguration ?? {}, "deploymentCircuitBreaker") ?? {}, "rollback") === true;
