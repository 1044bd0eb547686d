// The ELBv2 actions the emulator answers (Query protocol, Version 2015-12-01): load balancers and listeners (what an
// ECS target declares), target groups and listener rules (what Bulkhead makes per public app), SSL policies, tags.
import { type ElbContext, readTags } from "./emulator-elb-actions";
import { createListener, createLoadBalancer, deleteListener, deleteLoadBalancer, describeListeners, describeLoadBalancers, describeSslPolicies, modifyListener } from "./emulator-elb-load-balancers";
import { createRule, deleteRule, describeRules, modifyRule } from "./emulator-elb-listener-rules";
import { TAGS_PER_RESOURCE } from "./emulator-elb-rules";
import type { ElbTag } from "./emulator-elb-state";
import { createTargetGroup, deleteTargetGroup, describeTargetGroups, describeTargetHealth, modifyTargetGroup } from "./emulator-elb-target-groups";
import { QueryApiError, type QueryInput, texts } from "./emulator-query";

/** Any ELB resource by ARN, for the tag operations; its kind's not-found error otherwise. */
function tagged({ elb, region }: ElbContext, arn: string): { tags: ElbTag[] } {
  const state = elb.region(region);
  const found = state.loadBalancers[arn] ?? state.targetGroups[arn] ?? state.listeners[arn] ?? state.rules[arn];
  if (found) return found;
  if (arn.includes(":targetgroup/")) throw new QueryApiError("TargetGroupNotFound", `Target groups '${arn}' not found`);
  if (arn.includes(":listener-rule/")) throw new QueryApiError("RuleNotFound", "One or more rules not found");
  if (arn.includes(":listener/")) throw new QueryApiError("ListenerNotFound", `Listener '${arn}' not found`);
  throw new QueryApiError("LoadBalancerNotFound", `Load balancer '${arn}' not found`);
}

function addTags(context: ElbContext, input: QueryInput) {
  const added = readTags(input);
  const targets = texts(input, "ResourceArns").map((arn) => tagged(context, arn));
  for (const target of targets) {
    const merged = new Map(target.tags.map((t) => [t.Key, t.Value]));
    for (const tag of added) merged.set(tag.Key, tag.Value);
    if (merged.size > TAGS_PER_RESOURCE) throw new QueryApiError("TooManyTags", `A resource can have at most ${TAGS_PER_RESOURCE} tags`);
  }
  for (const target of targets) target.tags = [...target.tags.filter((t) => !added.some((a) => a.Key === t.Key)), ...added];
  return {};
}

function removeTags(context: ElbContext, input: QueryInput) {
  const keys = texts(input, "TagKeys");
  for (const target of texts(input, "ResourceArns").map((arn) => tagged(context, arn))) target.tags = target.tags.filter((t) => !keys.includes(t.Key));
  return {};
}

/** DescribeTags takes up to 20 resources per call (API_DescribeTags.html). */
function describeTags(context: ElbContext, input: QueryInput) {
  const arns = texts(input, "ResourceArns");
  if (arns.length < 1 || arns.length > 20) throw new QueryApiError("ValidationError", "ResourceArns must name 1-20 resources");
  return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: tagged(context, arn).tags })) };
}

export const elbOperations: Record<string, (context: ElbContext, input: QueryInput) => object> = {
  CreateLoadBalancer: createLoadBalancer,
  DescribeLoadBalancers: describeLoadBalancers,
  DeleteLoadBalancer: deleteLoadBalancer,
  CreateListener: createListener,
  DescribeListeners: describeListeners,
  ModifyListener: modifyListener,
  DeleteListener: deleteListener,
  DescribeSSLPolicies: describeSslPolicies,
  CreateTargetGroup: createTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  ModifyTargetGroup: modifyTargetGroup,
  DeleteTargetGroup: deleteTargetGroup,
  DescribeTargetHealth: describeTargetHealth,
  CreateRule: createRule,
  DescribeRules: describeRules,
  ModifyRule: modifyRule,
  DeleteRule: deleteRule,
  AddTags: addTags,
  RemoveTags: removeTags,
  DescribeTags: describeTags,
};
