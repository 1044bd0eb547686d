// The app's own security group through the EC2 SDK: found by name in the target's VPC (and adopted only when its
// tags say Bulkhead made it for this app and cluster), made when missing, its rules converged rule by rule to
// exactly those of the plan (security-group-plan.ts). Each rule goes in its own request, so a retry, or a second
// apply running at the same time, meets only "already there" answers, which are success. Destroy revokes what other
// groups say of the app's group, then deletes it.
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from "@aws-sdk/client-ec2";
import { ProviderError } from "../errors";
import type { DeploymentSpec } from "../types";
import type { AwsCoordinates } from "./target-schema";
import type { ConnectedNetwork } from "./client";
import { CLUSTER_TAG, clusterNameOf, ownedBy, RESOURCE_TAG } from "./resource-tags";
import { createGroupRequest, groupNameOf, groupRules, type GroupIds, ipPermissionsOf, peersOf } from "./security-group-plan";
import type { TargetFacts } from "./target-checks";

/** One rule with one source or destination, as EC2 reads it back; what convergence and drift compare. */
export interface Permission {
  egress: boolean;
  protocol: string;
  from?: number;
  to?: number;
  cidr?: string;
  groupId?: string;
  description?: string;
}

export const permissionKey = (p: Permission) => JSON.stringify([p.egress, p.protocol, p.protocol === "-1" ? null : (p.from ?? null), p.protocol === "-1" ? null : (p.to ?? null), p.cidr ?? null, p.groupId ?? null]);

export function flatten(permissions: IpPermission[] | undefined, egress: boolean): Permission[] {
  return (permissions ?? []).flatMap((p) => {
    const base = { egress, protocol: p.IpProtocol!, ...(p.IpProtocol !== "-1" ? { from: p.FromPort, to: p.ToPort } : {}) };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ ...base, cidr: r.CidrIp, description: r.Description })),
      ...(p.UserIdGroupPairs ?? []).map((g) => ({ ...base, groupId: g.GroupId, description: g.Description })),
    ];
  });
}

const ipPermission = (p: Permission): IpPermission => ({
  IpProtocol: p.protocol,
  ...(p.protocol !== "-1" ? { FromPort: p.from, ToPort: p.to } : {}),
  ...(p.cidr ? { IpRanges: [{ CidrIp: p.cidr, ...(p.description ? { Description: p.description } : {}) }] } : {}),
  ...(p.groupId ? { UserIdGroupPairs: [{ GroupId: p.groupId, ...(p.description ? { Description: p.description } : {}) }] } : {}),
});

/** An EC2 error that means the change is already made (a retry, or another apply of the same app). */
const already = (error: unknown, code: string) => (error as Error).name === code;

async function findGroup(ec2: EC2Client, vpcId: string, resource: string, c: AwsCoordinates): Promise<SecurityGroup | undefined> {
  const name = groupNameOf(resource, c);
  const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: [name] }] }));
  const group = SecurityGroups[0];
  if (group && !ownedBy(group.Tags, resource, c)) {
    throw new ProviderError("conflict", `The VPC ${vpcId} already has a security group named ${name} that Bulkhead did not make for ${resource} on cluster ${clusterNameOf(c)}; it is left alone`, "name");
  }
  return group;
}

/** The group of `resource` in the VPC: found, or made (tagged) when missing. */
async function ensureGroup(ec2: EC2Client, vpcId: string, resource: string, c: AwsCoordinates): Promise<string> {
  const found = await findGroup(ec2, vpcId, resource, c);
  if (found) return found.GroupId!;
  try {
    return (await ec2.send(new CreateSecurityGroupCommand(createGroupRequest(resource, c, vpcId)))).GroupId!;
  } catch (error) {
    // Made meanwhile (a retried request whose answer was lost, or a concurrent apply): take that one.
    if (!already(error, "InvalidGroup.Duplicate")) throw error;
    return (await findGroup(ec2, vpcId, resource, c))!.GroupId!;
  }
}

export async function readGroup(ec2: EC2Client, groupId: string): Promise<SecurityGroup | undefined> {
  const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }));
  return SecurityGroups[0];
}

/** The rules the app's group must hold, with every id resolved. */
export function desiredPermissions(spec: DeploymentSpec, c: AwsCoordinates, ids: GroupIds): Permission[] {
  const rules = groupRules(spec, c);
  return [...flatten(ipPermissionsOf(rules.filter((r) => !r.egress), ids), false), ...flatten(ipPermissionsOf(rules.filter((r) => r.egress), ids), true)];
}

/** Adds what is missing first, then revokes what is extra: a group never passes through allowing less than both. */
async function converge(ec2: EC2Client, groupId: string, desired: Permission[]) {
  const group = await readGroup(ec2, groupId);
  const actual = [...flatten(group?.IpPermissions, false), ...flatten(group?.IpPermissionsEgress, true)];
  const has = new Set(actual.map(permissionKey));
  const wanted = new Set(desired.map(permissionKey));
  for (const permission of desired.filter((p) => !has.has(permissionKey(p)))) {
    const request = { GroupId: groupId, IpPermissions: [ipPermission(permission)] };
    const sent = permission.egress ? ec2.send(new AuthorizeSecurityGroupEgressCommand(request)) : ec2.send(new AuthorizeSecurityGroupIngressCommand(request));
    await sent.catch((error: unknown) => {
      if (!already(error, "InvalidPermission.Duplicate")) throw error;
    });
  }
  for (const permission of actual.filter((p) => !wanted.has(permissionKey(p)))) await revoke(ec2, groupId, permission);
}

async function revoke(ec2: EC2Client, groupId: string, permission: Permission) {
  const request = { GroupId: groupId, IpPermissions: [ipPermission({ ...permission, description: undefined })] };
  const sent = permission.egress ? ec2.send(new RevokeSecurityGroupEgressCommand(request)) : ec2.send(new RevokeSecurityGroupIngressCommand(request));
  // A rule cannot outlive either group it joins: when one of them is gone (a linked app destroyed at the same time),
  // so is the rule.
  await sent.catch((error: unknown) => {
    if (!already(error, "InvalidPermission.NotFound") && !already(error, "InvalidGroup.NotFound")) throw error;
  });
}

/**
 * Makes or finds the app's group and each linked app's (an empty one, which that app takes over when it deploys here),
 * and converges the app's rules. The app's group id.
 */
export async function ensureAppGroup({ ec2 }: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates, facts: TargetFacts): Promise<string> {
  const own = await ensureGroup(ec2, facts.vpcId, spec.name, c);
  const peers = new Map<string, string>();
  for (const peer of peersOf(groupRules(spec, c))) peers.set(peer, await ensureGroup(ec2, facts.vpcId, peer, c));
  await converge(ec2, own, desiredPermissions(spec, c, { app: (name) => peers.get(name)!, balancer: facts.balancerGroups }));
  return own;
}

/** The groups Bulkhead made for this resource on this cluster, wherever they are. */
export async function groupsOf(ec2: EC2Client, resource: string, c: AwsCoordinates): Promise<SecurityGroup[]> {
  const { SecurityGroups = [] } = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:${RESOURCE_TAG}`, Values: [resource] }, { Name: `tag:${CLUSTER_TAG}`, Values: [clusterNameOf(c)] }] }),
  );
  return SecurityGroups;
}

/** Rules of other groups that name this one: they keep EC2 from deleting it. */
async function revokeReferences(ec2: EC2Client, groupId: string) {
  for (const [filter, egress] of [["ip-permission.group-id", false], ["egress.ip-permission.group-id", true]] as const) {
    const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: filter, Values: [groupId] }] }));
    for (const other of SecurityGroups.filter((g) => g.GroupId !== groupId)) {
      for (const permission of flatten(egress ? other.IpPermissionsEgress : other.IpPermissions, egress).filter((p) => p.groupId === groupId)) await revoke(ec2, other.GroupId!, permission);
    }
  }
}

/**
 * Deletes the resource's groups once no task holds them (the caller waits for the service to drain). A linked app's
 * group that apply made empty for it goes too, unless that app runs here (`hasService`) or another group names it.
 */
export async function removeAppGroups({ ec2 }: ConnectedNetwork, resource: string, c: AwsCoordinates, hasService: (resource: string) => Promise<boolean>) {
  for (const group of await groupsOf(ec2, resource, c)) {
    const peers = new Set([...flatten(group.IpPermissions, false), ...flatten(group.IpPermissionsEgress, true)].flatMap((p) => (p.groupId && p.groupId !== group.GroupId ? [p.groupId] : [])));
    await revokeReferences(ec2, group.GroupId!);
    await deleteGroup(ec2, group.GroupId!, false);
    for (const peerId of peers) {
      const peer = await readGroup(ec2, peerId);
      const peerResource = peer?.Tags?.find((t) => t.Key === RESOURCE_TAG)?.Value;
      if (peer && peerResource && ownedBy(peer.Tags, peerResource, c) && !(await hasService(peerResource))) await deleteGroup(ec2, peerId, true);
    }
  }
}

async function deleteGroup(ec2: EC2Client, groupId: string, ifUnused: boolean) {
  try {
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
  } catch (error) {
    if (already(error, "InvalidGroup.NotFound")) return;
    if (already(error, "DependencyViolation")) {
      if (ifUnused) return;
      throw new ProviderError("unavailable", `The security group ${groupId} is still in use (tasks stopping, or another group names it); destroy is retried`, undefined, { cause: error });
    }
    throw error;
  }
}
