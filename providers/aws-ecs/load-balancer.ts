// The app's target group and listener rule through the ELBv2 SDK (load-balancer-plan.ts says what they are).
// Idempotent: a target group is found by its name (and adopted only when its tags say Bulkhead made it for this app
// and cluster), and CreateTargetGroup is itself idempotent for the same settings; the rule is the one on the listener
// that forwards to the app's group, and rule priorities are unique per listener, so a retried CreateRule whose answer
// was lost meets PriorityInUse and finds the rule it made. Groups of an earlier port, and their rules, go once the
// service no longer uses them; destroy removes them all.
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  ModifyTargetGroupCommand,
  type Rule,
  type TargetGroup,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { ProviderError } from "../errors";
import type { DeploymentSpec } from "../types";
import type { AwsCoordinates } from "./target-schema";
import type { ConnectedNetwork } from "./client";
import { firstPriorityOf, HEALTH_CHECK, hostPatternOf, ruleRequest, targetGroupName, targetGroupPrefix, targetGroupRequest } from "./load-balancer-plan";
import { clusterNameOf, ownedBy } from "./resource-tags";
import type { TargetFacts } from "./target-checks";

const named = (error: unknown, name: string) => (error as Error).name === name;

/** Every target group Bulkhead made for this resource on this cluster (by name, then by tags). */
export async function targetGroupsOf(elb: ElasticLoadBalancingV2Client, resource: string, c: AwsCoordinates): Promise<TargetGroup[]> {
  const candidates: TargetGroup[] = [];
  let marker: string | undefined;
  do {
    const page = await elb.send(new DescribeTargetGroupsCommand({ Marker: marker }));
    candidates.push(...(page.TargetGroups ?? []).filter((g) => g.TargetGroupName?.startsWith(targetGroupPrefix(resource))));
    marker = page.NextMarker;
  } while (marker);
  const ours: TargetGroup[] = [];
  for (let i = 0; i < candidates.length; i += 20) {
    const { TagDescriptions = [] } = await elb.send(new DescribeTagsCommand({ ResourceArns: candidates.slice(i, i + 20).map((g) => g.TargetGroupArn!) }));
    for (const description of TagDescriptions) if (ownedBy(description.Tags, resource, c)) ours.push(candidates.find((g) => g.TargetGroupArn === description.ResourceArn)!);
  }
  return ours;
}

async function findTargetGroup(elb: ElasticLoadBalancingV2Client, spec: DeploymentSpec, c: AwsCoordinates): Promise<TargetGroup | undefined> {
  const name = targetGroupName(spec, c);
  try {
    const { TargetGroups = [] } = await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }));
    const group = TargetGroups[0];
    const { TagDescriptions = [] } = await elb.send(new DescribeTagsCommand({ ResourceArns: [group.TargetGroupArn!] }));
    if (!ownedBy(TagDescriptions[0]?.Tags, spec.name, c)) throw new ProviderError("conflict", `A target group named ${name} exists that Bulkhead did not make for ${spec.name} on cluster ${clusterNameOf(c)}; it is left alone`, "name");
    return group;
  } catch (error) {
    if (named(error, "TargetGroupNotFoundException")) return undefined;
    throw error;
  }
}

/** The health check the group must have; only these settings can change on an existing group. */
const healthCheckOf = (spec: DeploymentSpec) => ({ HealthCheckEnabled: true, HealthCheckPath: spec.healthCheckPath, ...HEALTH_CHECK });

function healthCheckDiffers(group: TargetGroup, spec: DeploymentSpec): boolean {
  const wanted = healthCheckOf(spec);
  return (
    group.HealthCheckPath !== wanted.HealthCheckPath ||
    group.HealthCheckProtocol !== wanted.HealthCheckProtocol ||
    group.HealthCheckPort !== wanted.HealthCheckPort ||
    group.HealthCheckIntervalSeconds !== wanted.HealthCheckIntervalSeconds ||
    group.HealthCheckTimeoutSeconds !== wanted.HealthCheckTimeoutSeconds ||
    group.HealthyThresholdCount !== wanted.HealthyThresholdCount ||
    group.UnhealthyThresholdCount !== wanted.UnhealthyThresholdCount ||
    group.Matcher?.HttpCode !== wanted.Matcher.HttpCode
  );
}

async function ensureTargetGroup(elb: ElasticLoadBalancingV2Client, spec: DeploymentSpec, c: AwsCoordinates, vpcId: string): Promise<string> {
  let group = await findTargetGroup(elb, spec, c);
  if (!group) {
    try {
      group = (await elb.send(new CreateTargetGroupCommand(targetGroupRequest(spec, c, vpcId)))).TargetGroups![0];
    } catch (error) {
      // Made meanwhile with other health check settings (an apply of another revision): converge that one.
      if (!named(error, "DuplicateTargetGroupNameException")) throw error;
      group = (await findTargetGroup(elb, spec, c))!;
    }
  }
  if (group.VpcId !== vpcId) throw new ProviderError("conflict", `The target group ${group.TargetGroupName} is in ${group.VpcId}, not in the target's VPC ${vpcId}`, "coordinates.subnets");
  if (healthCheckDiffers(group, spec)) await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: group.TargetGroupArn, ...healthCheckOf(spec) }));
  return group.TargetGroupArn!;
}

async function rulesOf(elb: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  let marker: string | undefined;
  do {
    const page = await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker }));
    rules.push(...(page.Rules ?? []));
    marker = page.NextMarker;
  } while (marker);
  return rules;
}

const forwardsTo = (rule: Rule, targetGroupArn: string) =>
  rule.Actions?.some((a) => a.Type === "forward" && (a.TargetGroupArn === targetGroupArn || a.ForwardConfig?.TargetGroups?.some((t) => t.TargetGroupArn === targetGroupArn))) ?? false;

const hostOf = (rule: Rule) => rule.Conditions?.find((cond) => cond.Field === "host-header")?.HostHeaderConfig?.Values ?? [];

/** The rule on the listener that sends the app's host name to its target group: kept (or corrected), made when missing; a surplus one a race made is removed. */
async function ensureRule(elb: ElasticLoadBalancingV2Client, spec: DeploymentSpec, c: AwsCoordinates, targetGroupArn: string): Promise<void> {
  const listenerArn = c.httpsListener!.listenerArn;
  const wanted = ruleRequest(spec, c, targetGroupArn, 0);
  for (let attempt = 0; attempt < 10; attempt++) {
    const rules = await rulesOf(elb, listenerArn);
    const ours = rules.filter((rule) => !rule.IsDefault && forwardsTo(rule, targetGroupArn));
    if (ours.length) {
      for (const surplus of ours.slice(1)) await deleteRule(elb, surplus.RuleArn!);
      if (JSON.stringify(hostOf(ours[0])) !== JSON.stringify([hostPatternOf(spec.name)])) {
        await elb.send(new ModifyRuleCommand({ RuleArn: ours[0].RuleArn, Conditions: wanted.Conditions, Actions: wanted.Actions }));
      }
      return;
    }
    const taken = new Set(rules.map((rule) => Number(rule.Priority)));
    let priority = firstPriorityOf(spec, c);
    while (taken.has(priority)) priority = (priority % 50_000) + 1;
    try {
      await elb.send(new CreateRuleCommand(ruleRequest(spec, c, targetGroupArn, priority)));
      return;
    } catch (error) {
      // Taken meanwhile: by this very rule (a retry whose first answer was lost) or by another app. Look again.
      if (!named(error, "PriorityInUseException")) throw error;
    }
  }
  throw new ProviderError("unavailable", `No free rule priority could be taken on listener ${listenerArn}; apply is retried`);
}

async function deleteRule(elb: ElasticLoadBalancingV2Client, ruleArn: string) {
  await elb.send(new DeleteRuleCommand({ RuleArn: ruleArn })).catch((error) => {
    if (!named(error, "RuleNotFoundException")) throw error;
  });
}

/** Makes or finds the app's target group and its listener rule; the target group's ARN. */
export async function ensureLoadBalancing({ elb }: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates, facts: TargetFacts): Promise<string> {
  const targetGroupArn = await ensureTargetGroup(elb, spec, c, facts.vpcId);
  await ensureRule(elb, spec, c, targetGroupArn);
  return targetGroupArn;
}

/** The rules that forward to a target group, on every listener of its load balancers. */
async function rulesForwardingTo(elb: ElasticLoadBalancingV2Client, group: TargetGroup): Promise<Rule[]> {
  const rules: Rule[] = [];
  for (const balancer of group.LoadBalancerArns ?? []) {
    const { Listeners = [] } = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: balancer }));
    for (const listener of Listeners) rules.push(...(await rulesOf(elb, listener.ListenerArn!)).filter((rule) => !rule.IsDefault && forwardsTo(rule, group.TargetGroupArn!)));
  }
  return rules;
}

/**
 * Removes the resource's target groups other than `keep`, and their listener rules: after an update moved the service
 * to a new group (another port), behind no listener any more, or on destroy (nothing kept).
 */
export async function removeLoadBalancing({ elb }: ConnectedNetwork, resource: string, c: AwsCoordinates, keep?: string): Promise<void> {
  for (const group of await targetGroupsOf(elb, resource, c)) {
    if (group.TargetGroupArn === keep) continue;
    for (const rule of await rulesForwardingTo(elb, group)) await deleteRule(elb, rule.RuleArn!);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: group.TargetGroupArn }));
  }
}
