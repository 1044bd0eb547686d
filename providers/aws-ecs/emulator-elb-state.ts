// The memory of the emulator's Elastic Load Balancing v2: per Region, Application Load Balancers with their
// listeners and listener rules, and target groups. Actions and conditions are kept as the request gave them
// (checked), which is also how Describe answers them. Plain data, so the emulator can keep it in its state folder.
import { randomBytes } from "node:crypto";
import { ACCOUNT_ID } from "./emulator-state";
import { QueryApiError, type QueryInput } from "./emulator-query";

export interface ElbTag {
  Key: string;
  Value: string;
}

export interface LoadBalancer {
  arn: string;
  name: string;
  dnsName: string;
  scheme: string;
  vpcId: string;
  subnets: { id: string; zone: string }[];
  securityGroups: string[];
  createdAt: number;
  tags: ElbTag[];
}

export interface Listener {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  sslPolicy?: string;
  certificates: string[];
  defaultActions: QueryInput[];
  tags: ElbTag[];
}

export interface ListenerRule {
  arn: string;
  listenerArn: string;
  priority: number;
  conditions: QueryInput[];
  actions: QueryInput[];
  tags: ElbTag[];
}

export interface HealthCheck {
  enabled: boolean;
  protocol: string;
  port: string;
  path: string;
  interval: number;
  timeout: number;
  healthy: number;
  unhealthy: number;
  matcher: string;
}

export interface TargetGroup {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: string;
  protocolVersion: string;
  healthCheck: HealthCheck;
  tags: ElbTag[];
}

export interface ElbRegion {
  loadBalancers: Record<string, LoadBalancer>;
  listeners: Record<string, Listener>;
  rules: Record<string, ListenerRule>;
  targetGroups: Record<string, TargetGroup>;
}

/** A target ECS registered in a target group: a task's address, its port, and where it is in its life. */
export interface RegisteredTarget {
  id: string;
  port: number;
  state: "initial" | "healthy" | "unhealthy" | "draining";
  /** What an unhealthy target answered its health check. */
  status?: number;
}

export class ElbStore {
  regions: Record<string, ElbRegion> = {};
  /** Set by the account: the targets ECS services registered in a target group (their running tasks). */
  targets: (region: string, targetGroupArn: string) => RegisteredTarget[] = () => [];

  region(name: string): ElbRegion {
    return (this.regions[name] ??= { loadBalancers: {}, listeners: {}, rules: {}, targetGroups: {} });
  }

  loadBalancer(region: string, arn: string): LoadBalancer {
    const found = this.region(region).loadBalancers[arn];
    if (!found) throw new QueryApiError("LoadBalancerNotFound", `Load balancer '${arn}' not found`);
    return found;
  }

  listener(region: string, arn: string): Listener {
    const found = this.region(region).listeners[arn];
    if (!found) throw new QueryApiError("ListenerNotFound", `Listener '${arn}' not found`);
    return found;
  }

  targetGroup(region: string, arn: string): TargetGroup {
    const found = this.region(region).targetGroups[arn];
    if (!found) throw new QueryApiError("TargetGroupNotFound", `Target groups '${arn}' not found`);
    return found;
  }

  /** The target groups an action forwards to: TargetGroupArn, or each of ForwardConfig.TargetGroups. */
  static forwardsTo(action: QueryInput): string[] {
    const single = typeof action.TargetGroupArn === "string" ? [action.TargetGroupArn] : [];
    const config = action.ForwardConfig;
    const weighted = config && typeof config === "object" && !Array.isArray(config) && Array.isArray(config.TargetGroups) ? config.TargetGroups : [];
    const more = weighted.flatMap((tuple) => (typeof tuple === "object" && !Array.isArray(tuple) && typeof tuple.TargetGroupArn === "string" ? [tuple.TargetGroupArn] : []));
    return [...new Set([...single, ...more])];
  }

  /** The load balancers whose listeners or rules forward to this target group (DescribeTargetGroups' LoadBalancerArns). */
  loadBalancersOf(region: string, targetGroupArn: string): string[] {
    const state = this.region(region);
    const listeners = new Set<string>();
    for (const listener of Object.values(state.listeners)) if (listener.defaultActions.some((a) => ElbStore.forwardsTo(a).includes(targetGroupArn))) listeners.add(listener.arn);
    for (const rule of Object.values(state.rules)) if (rule.actions.some((a) => ElbStore.forwardsTo(a).includes(targetGroupArn))) listeners.add(rule.listenerArn);
    return [...new Set([...listeners].map((arn) => state.listeners[arn]?.loadBalancerArn).filter((arn): arn is string => !!arn))];
  }
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
export const elbArn = (region: string, resource: string) => `arn:aws:elasticloadbalancing:${region}:${ACCOUNT_ID}:${resource}`;
/** ELB resource ids are 16 hexadecimal digits after the name: loadbalancer/app/<name>/<id>, targetgroup/<name>/<id>. */
export const elbId = () => hex(8);
