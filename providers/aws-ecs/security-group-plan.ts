// Pure: each app's own security group, beside the target's shared groups on its tasks, and the rules it carries.
// Security groups only allow, and a task is allowed what any of its groups allows, so the app's group holds every
// rule and the target's shared groups must allow nothing of their own (apply checks that, see checks-plan.ts):
// - inbound: the load balancer's groups on the app's port (public apps behind the listener), and each linked caller's
//   group on the link's port; nothing else;
// - outbound: everything (a new group's default rule), or, when the policy restricts egress, TCP 443 to each
//   allow-listed CIDR and each linked callee's group on the link's port.
import type { IpPermission } from "@aws-sdk/client-ec2";
import { isCidr, linksOf } from "../policy-rendering";
import type { DeploymentSpec, PlannedRequest, SpecProblem } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { behindListener } from "./load-balancer-plan";
import { clusterNameOf, ownerTags } from "./resource-tags";

/** Group names are unique per VPC; the cluster keeps two targets in one VPC apart. */
export const groupNameOf = (resource: string, c: AwsCoordinates) => `bulkhead-${resource}@${clusterNameOf(c)}`;
export const groupTags = (resource: string, c: AwsCoordinates) => [...ownerTags(resource, c), { Key: "Name", Value: groupNameOf(resource, c) }];
export const groupDescriptionOf = (resource: string, c: AwsCoordinates) => `Bulkhead app ${resource} on cluster ${clusterNameOf(c)}: its links, load balancer and egress`;

/** Where a rule lets traffic come from (ingress) or go to (egress). */
export type RuleEnd = { cidr: string } | { balancer: true } | { app: string };

export interface GroupRule {
  egress: boolean;
  protocol: "tcp" | "-1";
  port?: number;
  end: RuleEnd;
  description: string;
}

/** All outbound traffic: the rule every new security group starts with. */
export const ALL_OUTBOUND: GroupRule = { egress: true, protocol: "-1", end: { cidr: "0.0.0.0/0" }, description: "All outbound traffic (egress is not restricted)" };

const key = (rule: GroupRule) => JSON.stringify([rule.egress, rule.protocol, rule.port, rule.end]);
export const isAllOutbound = (rule: GroupRule) => key(rule) === key(ALL_OUTBOUND);

/** The rules the app's group must hold, no more: what apply converges it to and observe compares it with. */
export function groupRules(spec: DeploymentSpec, c: AwsCoordinates): GroupRule[] {
  const { inbound, outbound } = linksOf(spec);
  const encryption = spec.policy?.encryption;
  const rules: GroupRule[] = [
    ...(behindListener(spec, c) ? [{ egress: false, protocol: "tcp" as const, port: spec.port, end: { balancer: true as const }, description: "The HTTPS listener's load balancer" }] : []),
    ...inbound.map((l): GroupRule => ({ egress: false, protocol: "tcp", port: l.port, end: { app: l.from }, description: `Link from ${l.from}` })),
  ];
  if (encryption?.egressRestricted) {
    rules.push(
      ...encryption.egressAllowList.filter(isCidr).map((cidr): GroupRule => ({ egress: true, protocol: "tcp", port: 443, end: { cidr }, description: "TLS to an allow-listed destination" })),
      ...outbound.map((l): GroupRule => ({ egress: true, protocol: "tcp", port: l.port, end: { app: l.to }, description: `Link to ${l.to}` })),
    );
  } else rules.push(ALL_OUTBOUND);
  return rules.filter((rule, index) => rules.findIndex((other) => key(other) === key(rule)) === index);
}

/** The apps whose groups the rules name: each is made (empty, for its app to take over) when it does not exist yet. */
export const peersOf = (rules: GroupRule[]) => [...new Set(rules.flatMap((r) => ("app" in r.end ? [r.end.app] : [])))];

/** How rule ends become EC2 ids: a group id per linked app, the load balancer's group ids. */
export interface GroupIds {
  app(name: string): string;
  balancer: string[];
}

/** One IpPermission per rule and source or destination, as Authorize/Revoke take them. */
export function ipPermissionsOf(rules: GroupRule[], ids: GroupIds): IpPermission[] {
  return rules.flatMap((rule): IpPermission[] => {
    const ports = rule.protocol === "tcp" ? { FromPort: rule.port, ToPort: rule.port } : {};
    const base: IpPermission = { IpProtocol: rule.protocol, ...ports };
    if ("cidr" in rule.end) return [{ ...base, IpRanges: [{ CidrIp: rule.end.cidr, Description: rule.description }] }];
    const groups = "app" in rule.end ? [ids.app(rule.end.app)] : ids.balancer;
    return groups.map((GroupId) => ({ ...base, UserIdGroupPairs: [{ GroupId, Description: rule.description }] }));
  });
}

/** Shown where apply puts ids it reads or makes. */
export const PREVIEW_VPC = "(VPC of the target's subnets, read at apply)";
export const previewGroupId = (resource: string, c: AwsCoordinates) => `(id of security group ${groupNameOf(resource, c)}, found or made at apply)`;
const previewIds = (c: AwsCoordinates): GroupIds => ({
  app: (name) => previewGroupId(name, c),
  balancer: [`(security groups of the load balancer of listener ${c.httpsListener?.listenerArn}, read at apply)`],
});

export function createGroupRequest(resource: string, c: AwsCoordinates, vpcId: string) {
  return { GroupName: groupNameOf(resource, c), Description: groupDescriptionOf(resource, c), VpcId: vpcId, TagSpecifications: [{ ResourceType: "security-group" as const, Tags: groupTags(resource, c) }] };
}

/**
 * The preview: the app's group (and each linked app's, when it does not exist yet), its inbound rules, and, when
 * egress is restricted, the default outbound rule replaced by the allowed destinations. Apply sends what differs.
 */
export function securityGroupRequests(spec: DeploymentSpec, c: AwsCoordinates): PlannedRequest[] {
  const rules = groupRules(spec, c);
  const own = previewGroupId(spec.name, c);
  const ingress = ipPermissionsOf(rules.filter((r) => !r.egress), previewIds(c));
  const egress = ipPermissionsOf(rules.filter((r) => r.egress && !isAllOutbound(r)), previewIds(c));
  const restricted = !rules.some(isAllOutbound);
  return [
    { operation: "EC2.CreateSecurityGroup", body: createGroupRequest(spec.name, c, PREVIEW_VPC) },
    ...peersOf(rules).map((peer) => ({ operation: "EC2.CreateSecurityGroup", body: createGroupRequest(peer, c, PREVIEW_VPC) })),
    ...(ingress.length ? [{ operation: "EC2.AuthorizeSecurityGroupIngress", body: { GroupId: own, IpPermissions: ingress } }] : []),
    ...(restricted ? [{ operation: "EC2.RevokeSecurityGroupEgress", body: { GroupId: own, IpPermissions: ipPermissionsOf([ALL_OUTBOUND], previewIds(c)) } }] : []),
    ...(restricted && egress.length ? [{ operation: "EC2.AuthorizeSecurityGroupEgress", body: { GroupId: own, IpPermissions: egress } }] : []),
  ];
}

/** Limits a group must fit in: Fargate tasks take at most 5 groups, a group at most 60 rules each way, names at most 255. */
const GROUPS_PER_TASK = 5;
const RULES_PER_DIRECTION = 60;
const GROUP_NAME_MAX = 255;
/** A load balancer has at most 5 security groups, each an inbound rule of the app's group. */
const BALANCER_GROUPS_MAX = 5;

export function networkProblems(spec: DeploymentSpec, c: AwsCoordinates): SpecProblem[] {
  if (!spec.policy) return [];
  const problems: SpecProblem[] = [];
  if (c.securityGroups.length > GROUPS_PER_TASK - 1) {
    problems.push({ field: "coordinates.securityGroups", message: `Each app gets a security group of its own beside the target's, and Fargate tasks take at most ${GROUPS_PER_TASK}: the target may declare at most ${GROUPS_PER_TASK - 1}` });
  }
  if (groupNameOf(spec.name, c).length > GROUP_NAME_MAX) problems.push({ field: "name", message: `The app's security group ${groupNameOf(spec.name, c)} would be longer than ${GROUP_NAME_MAX} characters` });
  const rules = groupRules(spec, c);
  const inbound = rules.filter((r) => !r.egress).reduce((sum, r) => sum + ("balancer" in r.end ? BALANCER_GROUPS_MAX : 1), 0);
  if (inbound > RULES_PER_DIRECTION) problems.push({ field: "policy.links", message: `The app's security group would need ${inbound} inbound rules; a security group holds at most ${RULES_PER_DIRECTION}` });
  const outbound = rules.filter((r) => r.egress).length;
  if (outbound > RULES_PER_DIRECTION) problems.push({ field: "policy.encryption.egressAllowList", message: `The app's security group would need ${outbound} outbound rules; a security group holds at most ${RULES_PER_DIRECTION}` });
  return problems;
}
