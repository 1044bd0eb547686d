// Target groups of the emulator's ELBv2, as the API reference documents CreateTargetGroup ("idempotent … If you
// attempt to create multiple target groups with the same settings, each call succeeds"; otherwise
// DuplicateTargetGroupName), ModifyTargetGroup (health checks), DescribeTargetGroups, DescribeTargetHealth and
// DeleteTargetGroup (ResourceInUse while a listener or rule forwards to it).
import { type ElbContext, readTags } from "./emulator-elb-actions";
import { ELB_NAME, HEALTH_CHECK, HTTP_CODES, TARGET_GROUPS_PER_REGION } from "./emulator-elb-rules";
import { elbArn, elbId, type HealthCheck, type RegisteredTarget, type TargetGroup } from "./emulator-elb-state";
import { flag, integer, pageOf, QueryApiError, type QueryInput, structure, text, texts } from "./emulator-query";

const invalid = (message: string) => new QueryApiError("ValidationError", message);

function inRange(value: number, { min, max }: { min: number; max: number }, what: string): number {
  if (value < min || value > max) throw invalid(`${what} must be between ${min} and ${max}, not ${value}`);
  return value;
}

/** "200", "200,202" or "200-299", every code within 200–499. */
function checkMatcher(codes: string): string {
  const ok = codes.split(",").every((part) => {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(part.trim());
    if (!match) return false;
    const low = Number(match[1]);
    const high = Number(match[2] ?? match[1]);
    return low >= HTTP_CODES.min && high <= HTTP_CODES.max && low <= high;
  });
  if (!ok) throw invalid(`Health check matcher '${codes}' is not valid: HTTP codes ${HTTP_CODES.min}-${HTTP_CODES.max}, as a value, a list or a range`);
  return codes;
}

/** The health check a request sets, over `base` (the defaults for a new group, its current check for a modification). */
function healthCheckOf(input: QueryInput, base: HealthCheck): HealthCheck {
  const check: HealthCheck = {
    enabled: flag(input, "HealthCheckEnabled") ?? base.enabled,
    protocol: text(input, "HealthCheckProtocol") ?? base.protocol,
    port: text(input, "HealthCheckPort") ?? base.port,
    path: text(input, "HealthCheckPath") ?? base.path,
    interval: integer(input, "HealthCheckIntervalSeconds", "ValidationError") ?? base.interval,
    timeout: integer(input, "HealthCheckTimeoutSeconds", "ValidationError") ?? base.timeout,
    healthy: integer(input, "HealthyThresholdCount", "ValidationError") ?? base.healthy,
    unhealthy: integer(input, "UnhealthyThresholdCount", "ValidationError") ?? base.unhealthy,
    matcher: text(structure(input, "Matcher") ?? {}, "HttpCode") ?? base.matcher,
  };
  if (check.protocol !== "HTTP" && check.protocol !== "HTTPS") throw invalid(`Health check protocol '${check.protocol}' must be HTTP or HTTPS for an HTTP target group`);
  if (check.port !== "traffic-port" && !(/^\d+$/.test(check.port) && Number(check.port) >= 1 && Number(check.port) <= 65535)) throw invalid(`Health check port '${check.port}' must be traffic-port or 1-65535`);
  if (!check.path.startsWith("/") || check.path.length > HEALTH_CHECK.pathMax) throw invalid(`Health check path '${check.path}' must start with / and be at most ${HEALTH_CHECK.pathMax} characters`);
  inRange(check.interval, HEALTH_CHECK.interval, "Health check interval");
  inRange(check.timeout, HEALTH_CHECK.timeout, "Health check timeout");
  inRange(check.healthy, HEALTH_CHECK.healthy, "Healthy threshold count");
  inRange(check.unhealthy, HEALTH_CHECK.unhealthy, "Unhealthy threshold count");
  if (check.timeout >= check.interval) throw invalid(`Health check timeout '${check.timeout}' must be smaller than the interval '${check.interval}'`);
  checkMatcher(check.matcher);
  return check;
}

const DEFAULT_CHECK: HealthCheck = {
  enabled: true,
  protocol: "HTTP",
  port: "traffic-port",
  path: "/",
  interval: HEALTH_CHECK.interval.default,
  timeout: HEALTH_CHECK.timeout.default,
  healthy: HEALTH_CHECK.healthy.default,
  unhealthy: HEALTH_CHECK.unhealthy.default,
  matcher: "200",
};

export function targetGroupView(group: TargetGroup, loadBalancerArns: string[]) {
  const check = group.healthCheck;
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: group.protocol,
    Port: group.port,
    VpcId: group.vpcId,
    HealthCheckProtocol: check.protocol,
    HealthCheckPort: check.port,
    HealthCheckEnabled: check.enabled,
    HealthCheckIntervalSeconds: check.interval,
    HealthCheckTimeoutSeconds: check.timeout,
    HealthyThresholdCount: check.healthy,
    UnhealthyThresholdCount: check.unhealthy,
    HealthCheckPath: check.path,
    Matcher: { HttpCode: check.matcher },
    LoadBalancerArns: loadBalancerArns,
    TargetType: group.targetType,
    ProtocolVersion: group.protocolVersion,
    IpAddressType: "ipv4",
  };
}

export function createTargetGroup({ elb, ec2, region }: ElbContext, input: QueryInput) {
  const name = text(input, "Name") ?? "";
  if (!ELB_NAME.test(name)) throw invalid(`Target group name '${name}' can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen`);
  const targetType = text(input, "TargetType") ?? "instance";
  if (!["instance", "ip", "lambda", "alb"].includes(targetType)) throw invalid(`Target type '${targetType}' must be instance, ip, lambda or alb`);
  if (targetType === "lambda" || targetType === "alb") throw invalid(`Target groups of type ${targetType} are not emulated`);
  const protocol = text(input, "Protocol");
  if (protocol !== "HTTP" && protocol !== "HTTPS") throw invalid(`Protocol '${protocol}' must be HTTP or HTTPS for a target group of Application Load Balancers`);
  const port = integer(input, "Port", "ValidationError");
  if (port === undefined) throw invalid("A port must be specified");
  inRange(port, { min: 1, max: 65535 }, "Port");
  const vpcId = text(input, "VpcId");
  if (!vpcId) throw invalid("A VPC ID must be specified");
  if (!ec2.region(region).vpcs[vpcId]) throw invalid(`The VPC ID '${vpcId}' is not found`);
  const protocolVersion = text(input, "ProtocolVersion") ?? "HTTP1";
  if (!["HTTP1", "HTTP2", "GRPC"].includes(protocolVersion)) throw invalid(`Protocol version '${protocolVersion}' must be HTTP1, HTTP2 or GRPC`);
  const healthCheck = healthCheckOf(input, { ...DEFAULT_CHECK, protocol });
  const tags = readTags(input);
  const state = elb.region(region);
  const existing = Object.values(state.targetGroups).find((g) => g.name === name);
  if (existing) {
    const same = existing.protocol === protocol && existing.port === port && existing.vpcId === vpcId && existing.targetType === targetType && existing.protocolVersion === protocolVersion && JSON.stringify(existing.healthCheck) === JSON.stringify(healthCheck);
    if (!same) throw new QueryApiError("DuplicateTargetGroupName", `A target group with the same name '${name}' exists, but with different settings`);
    return { TargetGroups: [targetGroupView(existing, elb.loadBalancersOf(region, existing.arn))] };
  }
  if (Object.keys(state.targetGroups).length >= TARGET_GROUPS_PER_REGION) throw new QueryApiError("TooManyTargetGroups", "You've reached the limit on the number of target groups for your AWS account");
  const group: TargetGroup = { arn: elbArn(region, `targetgroup/${name}/${elbId()}`), name, protocol, port, vpcId, targetType, protocolVersion, healthCheck, tags };
  state.targetGroups[group.arn] = group;
  return { TargetGroups: [targetGroupView(group, [])] };
}

export function describeTargetGroups({ elb, region }: ElbContext, input: QueryInput) {
  const arns = texts(input, "TargetGroupArns");
  const names = texts(input, "Names");
  const balancerArn = text(input, "LoadBalancerArn");
  const all = Object.values(elb.region(region).targetGroups);
  let found = all;
  if (arns.length) found = arns.map((arn) => elb.targetGroup(region, arn));
  else if (names.length) {
    found = names.map((name) => {
      const group = all.find((g) => g.name === name);
      if (!group) throw new QueryApiError("TargetGroupNotFound", "One or more target groups not found");
      return group;
    });
  } else if (balancerArn) {
    elb.loadBalancer(region, balancerArn);
    found = all.filter((g) => elb.loadBalancersOf(region, g.arn).includes(balancerArn));
  }
  const { items, next } = pageOf(found, text(input, "Marker"), integer(input, "PageSize", "ValidationError") ?? 400);
  return { TargetGroups: items.map((g) => targetGroupView(g, elb.loadBalancersOf(region, g.arn))), NextMarker: next };
}

export function modifyTargetGroup({ elb, region }: ElbContext, input: QueryInput) {
  const group = elb.targetGroup(region, text(input, "TargetGroupArn") ?? "");
  group.healthCheck = healthCheckOf(input, group.healthCheck);
  return { TargetGroups: [targetGroupView(group, elb.loadBalancersOf(region, group.arn))] };
}

export function deleteTargetGroup({ elb, region }: ElbContext, input: QueryInput) {
  const arn = text(input, "TargetGroupArn") ?? "";
  if (!elb.region(region).targetGroups[arn]) return {};
  if (elb.loadBalancersOf(region, arn).length) throw new QueryApiError("ResourceInUse", `Target group '${arn}' is currently in use by a listener or a rule`);
  delete elb.region(region).targetGroups[arn];
  return {};
}

/** Why a target is not healthy, in ELB's reason codes and words (TargetHealth, ELBv2 API reference). */
function reasonOf(target: RegisteredTarget): { Reason?: string; Description?: string } {
  if (target.state === "initial") return { Reason: "Elb.RegistrationInProgress", Description: "Target registration is in progress" };
  if (target.state === "unhealthy") return { Reason: "Target.ResponseCodeMismatch", Description: `Health checks failed with these codes: [${target.status}]` };
  return {};
}

/** The targets ECS registered (its tasks), with the state the load balancer's health checks give them. */
export function describeTargetHealth({ elb, region }: ElbContext, input: QueryInput) {
  const group = elb.targetGroup(region, text(input, "TargetGroupArn") ?? "");
  return {
    TargetHealthDescriptions: elb.targets(region, group.arn).map((target) => ({
      Target: { Id: target.id, Port: target.port },
      HealthCheckPort: group.healthCheck.port === "traffic-port" ? String(target.port) : group.healthCheck.port,
      TargetHealth: { State: target.state, ...reasonOf(target) },
    })),
  };
}
