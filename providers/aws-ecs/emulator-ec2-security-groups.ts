// Security groups of the emulator's EC2 and their rules, as the EC2 API reference documents CreateSecurityGroup,
// Authorize/RevokeSecurityGroupIngress/Egress, DescribeSecurityGroups(Rules) and DeleteSecurityGroup:
// - a new group allows all outbound traffic and no inbound traffic; a VPC's "default" group also allows inbound
//   traffic from itself and cannot be deleted (Default security groups for your VPCs, VPC user guide);
// - a rule that exists already is refused with InvalidPermission.Duplicate, and nothing of the request is added;
// - in a non-default VPC, revoking a rule that does not exist is InvalidPermission.NotFound and nothing is revoked
//   (API_RevokeSecurityGroupIngress.html);
// - a group referenced by another group's rule, or used by a network interface, cannot be deleted:
//   DependencyViolation (API_DeleteSecurityGroup.html).
import { type Ec2Context, filtered, namedIds, specifiedTags, tagSet } from "./emulator-ec2-common";
import { GROUP_TEXT, GROUPS_PER_REGION, hasPorts, parseCidr, protocolOf, RULES_PER_DIRECTION } from "./emulator-ec2-rules";
import { type Ec2Region, ec2Id, type GroupRule, type SecurityGroup } from "./emulator-ec2-state";
import { integer, QueryApiError, type QueryInput, structures, text, texts } from "./emulator-query";
import { ACCOUNT_ID } from "./emulator-state";

const allTraffic = (egress: boolean, source: { cidr?: string; groupId?: string }): GroupRule => ({ id: ec2Id("sgr"), egress, protocol: "-1", ...source });

/** The group every VPC is created with. */
export function defaultGroup(state: Ec2Region, vpcId: string): SecurityGroup {
  const id = ec2Id("sg");
  const group: SecurityGroup = { id, name: "default", description: "default VPC security group", vpcId, tags: [], rules: [allTraffic(false, { groupId: id }), allTraffic(true, { cidr: "0.0.0.0/0" })] };
  state.groups[id] = group;
  return group;
}

const sameRule = (a: Omit<GroupRule, "id">, b: Omit<GroupRule, "id">) =>
  a.egress === b.egress && a.protocol === b.protocol && a.fromPort === b.fromPort && a.toPort === b.toPort && a.cidr === b.cidr && a.groupId === b.groupId;

/** How EC2 names a rule in its duplicate error. */
const ruleWords = (rule: Omit<GroupRule, "id">) =>
  `peer: ${rule.cidr ?? rule.groupId}, ${rule.protocol === "-1" ? "ALL" : rule.protocol.toUpperCase()}, from port: ${rule.fromPort ?? "None"}, to port: ${rule.toPort ?? "None"}, ALLOW`;

/** One IpPermission (or the legacy top-level members) → the rules it stands for, one per source or destination. */
function rulesOf(permission: QueryInput, egress: boolean, group: SecurityGroup, context: Ec2Context): Omit<GroupRule, "id">[] {
  const rawProtocol = text(permission, "IpProtocol");
  if (!rawProtocol) throw new QueryApiError("MissingParameter", "The request must contain the parameter ipProtocol");
  const protocol = protocolOf(rawProtocol);
  if (!protocol) throw new QueryApiError("InvalidParameterValue", `Invalid value '${rawProtocol}' for IP protocol. Unknown protocol.`);
  let fromPort = integer(permission, "FromPort");
  let toPort = integer(permission, "ToPort");
  if (hasPorts(protocol)) {
    if (fromPort === undefined || toPort === undefined || fromPort < 0 || toPort > 65535 || fromPort > toPort) {
      throw new QueryApiError("InvalidParameterValue", `Invalid TCP/UDP port range (${fromPort ?? "None"}, ${toPort ?? "None"}): ports are 0-65535 and fromPort may not exceed toPort.`);
    }
  } else if (protocol === "-1") {
    fromPort = undefined;
    toPort = undefined;
  }
  const ports = { egress, protocol, ...(fromPort !== undefined ? { fromPort } : {}), ...(toPort !== undefined ? { toPort } : {}) };
  const cidrs = [...structures(permission, "IpRanges").map((range) => ({ cidr: text(range, "CidrIp"), description: text(range, "Description") })), ...(text(permission, "CidrIp") ? [{ cidr: text(permission, "CidrIp"), description: undefined }] : [])];
  const groups = structures(permission, "Groups").map((pair) => ({ groupId: text(pair, "GroupId"), description: text(pair, "Description") }));
  const rules: Omit<GroupRule, "id">[] = [];
  for (const { cidr, description } of cidrs) {
    if (!cidr || !parseCidr(cidr)) throw new QueryApiError("InvalidParameterValue", `Value (${cidr}) for parameter cidrIp is invalid. This is not a valid CIDR block.`);
    rules.push({ ...ports, cidr, ...(description ? { description } : {}) });
  }
  for (const { groupId, description } of groups) {
    if (!groupId) throw new QueryApiError("MissingParameter", "A group reference must name a GroupId in a non-default VPC.");
    const peer = context.ec2.group(context.region, groupId);
    if (peer.vpcId !== group.vpcId) throw new QueryApiError("InvalidGroup.NotFound", "You have specified two resources that belong to different networks.");
    rules.push({ ...ports, groupId, ...(description ? { description } : {}) });
  }
  if (!rules.length) throw new QueryApiError("MissingParameter", "Each permission must name at least one source or destination (IpRanges or Groups).");
  return rules;
}

/** IpPermissions, or the single permission older clients send as top-level members (CidrIp, IpProtocol, FromPort, ToPort). */
function requestedRules(context: Ec2Context, input: QueryInput, group: SecurityGroup, egress: boolean): Omit<GroupRule, "id">[] {
  const permissions = structures(input, "IpPermissions");
  if (permissions.length) return permissions.flatMap((permission) => rulesOf(permission, egress, group, context));
  if (text(input, "IpProtocol") !== undefined || text(input, "CidrIp") !== undefined) return rulesOf(input, egress, group, context);
  return [];
}

function targetGroup({ ec2, region }: Ec2Context, input: QueryInput): SecurityGroup {
  const id = text(input, "GroupId");
  if (id) return ec2.group(region, id);
  const name = text(input, "GroupName");
  // Names address groups of the default VPC only, and the emulator's accounts have none.
  if (name) throw new QueryApiError("InvalidGroup.NotFound", `The security group '${name}' does not exist in default VPC 'none'`);
  throw new QueryApiError("MissingParameter", "The request must contain the parameter groupId");
}

const ruleView = (rule: GroupRule, groupId: string) => ({
  securityGroupRuleId: rule.id,
  groupId,
  groupOwnerId: ACCOUNT_ID,
  isEgress: rule.egress,
  ipProtocol: rule.protocol,
  fromPort: rule.fromPort ?? -1,
  toPort: rule.toPort ?? -1,
  ...(rule.cidr ? { cidrIpv4: rule.cidr } : {}),
  ...(rule.groupId ? { referencedGroupInfo: { groupId: rule.groupId, userId: ACCOUNT_ID } } : {}),
  ...(rule.description ? { description: rule.description } : {}),
  tagSet: [],
});

function authorize(context: Ec2Context, input: QueryInput, egress: boolean) {
  const group = targetGroup(context, input);
  const wanted = requestedRules(context, input, group, egress);
  if (!wanted.length) throw new QueryApiError("MissingParameter", "Either 'ipPermissions' or 'securityGroupRuleIds' should be provided.");
  const taken = group.rules.filter((rule) => rule.egress === egress);
  for (const [index, rule] of wanted.entries()) {
    if (taken.some((existing) => sameRule(existing, rule)) || wanted.slice(0, index).some((other) => sameRule(other, rule))) {
      throw new QueryApiError("InvalidPermission.Duplicate", `the specified rule "${ruleWords(rule)}" already exists`);
    }
  }
  if (taken.length + wanted.length > RULES_PER_DIRECTION) throw new QueryApiError("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");
  const added = wanted.map((rule) => ({ ...rule, id: ec2Id("sgr") }));
  group.rules.push(...added);
  return { return: true, securityGroupRuleSet: added.map((rule) => ruleView(rule, group.id)) };
}

function revoke(context: Ec2Context, input: QueryInput, egress: boolean) {
  const group = targetGroup(context, input);
  const ruleIds = texts(input, "SecurityGroupRuleId");
  const doomed = ruleIds.length
    ? ruleIds.map((id) => group.rules.find((rule) => rule.id === id && rule.egress === egress))
    : requestedRules(context, input, group, egress).map((wanted) => group.rules.find((rule) => sameRule(rule, wanted)));
  if (!doomed.length) throw new QueryApiError("MissingParameter", "Either 'ipPermissions' or 'securityGroupRuleIds' should be provided.");
  if (doomed.some((rule) => rule === undefined)) throw new QueryApiError("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
  group.rules = group.rules.filter((rule) => !doomed.includes(rule));
  return {
    return: true,
    revokedSecurityGroupRuleSet: (doomed as GroupRule[]).map((rule) => ({
      securityGroupRuleId: rule.id,
      groupId: group.id,
      isEgress: rule.egress,
      ipProtocol: rule.protocol,
      fromPort: rule.fromPort ?? -1,
      toPort: rule.toPort ?? -1,
      ...(rule.cidr ? { cidrIpv4: rule.cidr } : {}),
      ...(rule.groupId ? { referencedGroupId: rule.groupId } : {}),
    })),
  };
}

export const authorizeSecurityGroupIngress = (context: Ec2Context, input: QueryInput) => authorize(context, input, false);
export const authorizeSecurityGroupEgress = (context: Ec2Context, input: QueryInput) => authorize(context, input, true);
export const revokeSecurityGroupIngress = (context: Ec2Context, input: QueryInput) => revoke(context, input, false);
export const revokeSecurityGroupEgress = (context: Ec2Context, input: QueryInput) => revoke(context, input, true);

export function createSecurityGroup({ ec2, region }: Ec2Context, input: QueryInput) {
  const name = text(input, "GroupName");
  const description = text(input, "GroupDescription");
  if (!name) throw new QueryApiError("MissingParameter", "The request must contain the parameter GroupName");
  if (!description) throw new QueryApiError("MissingParameter", "The request must contain the parameter GroupDescription");
  if (!GROUP_TEXT.test(name) || /^sg-/i.test(name)) throw new QueryApiError("InvalidParameterValue", `Value (${name}) for parameter GroupName is invalid. Up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with sg-.`);
  if (!GROUP_TEXT.test(description)) throw new QueryApiError("InvalidParameterValue", "Value for parameter GroupDescription is invalid. Up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*.");
  const vpcId = text(input, "VpcId");
  if (!vpcId) throw new QueryApiError("VPCIdNotSpecified", "No default VPC for this user");
  ec2.vpc(region, vpcId);
  const state = ec2.region(region);
  const groups = Object.values(state.groups);
  if (groups.some((g) => g.vpcId === vpcId && g.name.toLowerCase() === name.toLowerCase())) throw new QueryApiError("InvalidGroup.Duplicate", `The security group '${name}' already exists for VPC '${vpcId}'`);
  if (groups.length >= GROUPS_PER_REGION) throw new QueryApiError("SecurityGroupLimitExceeded", "The maximum number of security groups has been reached.");
  const group: SecurityGroup = { id: ec2Id("sg"), name, description, vpcId, tags: specifiedTags(input, "security-group"), rules: [] };
  group.rules.push(allTraffic(true, { cidr: "0.0.0.0/0" }));
  state.groups[group.id] = group;
  return { groupId: group.id, securityGroupArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group/${group.id}`, tagSet: tagSet(group.tags) };
}

/** Rules grouped as IpPermissions are: one per protocol and port range, with every range and group it allows. */
function permissions(rules: GroupRule[]) {
  const byKey = new Map<string, GroupRule[]>();
  for (const rule of rules) {
    const key = `${rule.protocol}|${rule.fromPort}|${rule.toPort}`;
    byKey.set(key, [...(byKey.get(key) ?? []), rule]);
  }
  return [...byKey.values()].map((group) => ({
    ipProtocol: group[0].protocol,
    ...(group[0].fromPort !== undefined ? { fromPort: group[0].fromPort } : {}),
    ...(group[0].toPort !== undefined ? { toPort: group[0].toPort } : {}),
    groups: group.filter((r) => r.groupId).map((r) => ({ groupId: r.groupId, userId: ACCOUNT_ID, ...(r.description ? { description: r.description } : {}) })),
    ipRanges: group.filter((r) => r.cidr).map((r) => ({ cidrIp: r.cidr, ...(r.description ? { description: r.description } : {}) })),
    ipv6Ranges: [],
    prefixListIds: [],
  }));
}

export function describeGroup(group: SecurityGroup, region: string) {
  return {
    groupId: group.id,
    groupName: group.name,
    groupDescription: group.description,
    vpcId: group.vpcId,
    ownerId: ACCOUNT_ID,
    securityGroupArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group/${group.id}`,
    ipPermissions: permissions(group.rules.filter((r) => !r.egress)),
    ipPermissionsEgress: permissions(group.rules.filter((r) => r.egress)),
    tagSet: tagSet(group.tags),
  };
}

export function describeSecurityGroups({ ec2, region }: Ec2Context, input: QueryInput) {
  const names = texts(input, "GroupName");
  if (names.length) throw new QueryApiError("InvalidGroup.NotFound", `The security group '${names[0]}' does not exist in default VPC 'none'`);
  const ids = namedIds(input, "GroupId", "sg", "InvalidGroupId.Malformed");
  const groups = ids.length ? ids.map((id) => ec2.group(region, id)) : Object.values(ec2.region(region).groups);
  const referenced = (egress: boolean) => (g: SecurityGroup) => g.rules.filter((r) => r.egress === egress).map((r) => r.groupId);
  const cidrs = (egress: boolean) => (g: SecurityGroup) => g.rules.filter((r) => r.egress === egress).map((r) => r.cidr);
  const matching = filtered(groups, input, {
    "group-id": (g) => [g.id],
    "group-name": (g) => [g.name],
    "vpc-id": (g) => [g.vpcId],
    description: (g) => [g.description],
    "owner-id": () => [ACCOUNT_ID],
    "ip-permission.group-id": referenced(false),
    "ip-permission.cidr": cidrs(false),
    "egress.ip-permission.group-id": referenced(true),
    "egress.ip-permission.cidr": cidrs(true),
  });
  return { securityGroupInfo: matching.map((g) => describeGroup(g, region)) };
}

export function describeSecurityGroupRules({ ec2, region }: Ec2Context, input: QueryInput) {
  const ruleIds = texts(input, "SecurityGroupRuleId");
  const all = Object.values(ec2.region(region).groups).flatMap((group) => group.rules.map((rule) => ({ group, rule, tags: [] })));
  const named = ruleIds.length ? all.filter(({ rule }) => ruleIds.includes(rule.id)) : all;
  const matching = filtered(named, input, { "group-id": ({ group }) => [group.id], "security-group-rule-id": ({ rule }) => [rule.id] });
  return { securityGroupRuleSet: matching.map(({ group, rule }) => ruleView(rule, group.id)) };
}

export function deleteSecurityGroup(context: Ec2Context, input: QueryInput) {
  const { ec2, region } = context;
  const group = targetGroup(context, input);
  if (group.name === "default") throw new QueryApiError("CannotDelete", `the specified group: "${group.id}" name: "default" cannot be deleted by a user`);
  const state = ec2.region(region);
  const referencing = Object.values(state.groups).some((other) => other.id !== group.id && other.rules.some((rule) => rule.groupId === group.id));
  if (referencing || ec2.usage(region, group.id)) throw new QueryApiError("DependencyViolation", `resource ${group.id} has a dependent object`);
  delete state.groups[group.id];
  return { return: true, groupId: group.id };
}
