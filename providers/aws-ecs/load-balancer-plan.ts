// Pure: how a public app sits behind the HTTPS listener its ECS target declares. Apply makes a target group of type
// ip (Fargate tasks register by address) that health-checks the app over HTTP on its own path, and a listener rule
// that sends the app's host name to it; the ECS service registers its tasks there. This is also the app's only
// health check: ECS's container health check runs a command inside the image, which distroless images cannot.
import { createHash } from "node:crypto";
import type { CreateRuleCommandInput, CreateTargetGroupCommandInput } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DeploymentSpec } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { clusterNameOf, ownerTags } from "./resource-tags";

/** Public apps of a target with an HTTPS listener are reached only through it (when a policy applies). */
export function behindListener(spec: DeploymentSpec, c: AwsCoordinates): boolean {
  return spec.ingress === "public" && !!spec.policy && !!c.httpsListener;
}

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

/** A DNS label of the app's name: what target group names and host headers may hold. */
const label = (name: string) => name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+/, "");

/**
 * Target group names are unique per account and Region, at most 32 letters, digits and hyphens, not starting or
 * ending with a hyphen. The port is part of the name because a target group's port cannot change: a new port is a
 * new group, and apply removes the old one.
 */
export function targetGroupName(spec: Pick<DeploymentSpec, "name" | "port">, c: AwsCoordinates): string {
  const prefix = label(spec.name).slice(0, 21);
  const hash = digest(`${clusterNameOf(c)}/${spec.name}/${spec.port}`).slice(0, 10);
  return prefix ? `${prefix}-${hash}` : `bh-${hash}`;
}

/** Every target group of this resource starts so (the port makes the rest); apply and destroy also check the tags. */
export const targetGroupPrefix = (name: string) => `${label(name).slice(0, 21) || "bh"}-`;

/** Health check settings: the app's path over HTTP on its traffic port, any 2xx or 3xx answer being healthy. */
export const HEALTH_CHECK = { HealthCheckProtocol: "HTTP", HealthCheckPort: "traffic-port", HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 3, UnhealthyThresholdCount: 3, Matcher: { HttpCode: "200-399" } } as const;

/** Seconds ECS ignores failing load balancer health checks after a task starts: the app's time to boot. */
export const HEALTH_CHECK_GRACE_SECONDS = 60;

export function targetGroupRequest(spec: DeploymentSpec, c: AwsCoordinates, vpcId: string): CreateTargetGroupCommandInput {
  return {
    Name: targetGroupName(spec, c),
    Protocol: "HTTP",
    Port: spec.port,
    VpcId: vpcId,
    TargetType: "ip",
    HealthCheckEnabled: true,
    HealthCheckPath: spec.healthCheckPath,
    ...HEALTH_CHECK,
    Tags: ownerTags(spec.name, c),
  };
}

/** The host names the app answers to behind the shared listener: its name as the first DNS label of any domain. */
export const hostPatternOf = (name: string) => `${label(name).slice(0, 126)}.*`;

/** Rule priorities are unique per listener: each app starts looking at its own place, taken from its name. */
export const firstPriorityOf = (spec: DeploymentSpec, c: AwsCoordinates) => (parseInt(digest(`${clusterNameOf(c)}/${spec.name}`).slice(0, 8), 16) % 50_000) + 1;

export function ruleRequest(spec: DeploymentSpec, c: AwsCoordinates, targetGroupArn: string, priority: number): CreateRuleCommandInput {
  return {
    ListenerArn: c.httpsListener!.listenerArn,
    Priority: priority,
    Conditions: [{ Field: "host-header", HostHeaderConfig: { Values: [hostPatternOf(spec.name)] } }],
    Actions: [{ Type: "forward", TargetGroupArn: targetGroupArn }],
    Tags: ownerTags(spec.name, c),
  };
}

/** What the developer should know when no load balancer checks the app: nothing restarts a task that hangs. */
export function healthCheckWarning(spec: DeploymentSpec, c: AwsCoordinates): string | undefined {
  if (behindListener(spec, c)) return undefined;
  const why = spec.ingress !== "public" ? "internal apps are not behind the target's load balancer" : !c.httpsListener ? "the target has no HTTPS listener" : "no policy applies to this deployment";
  return `No health check on ${spec.healthCheckPath}: ECS checks an app's health through a load balancer target group, and ${why}. ECS replaces a task only when it exits; one that hangs keeps running.`;
}
