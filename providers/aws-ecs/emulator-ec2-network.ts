// VPCs, subnets and tags of the emulator's EC2, with the checks the EC2 API reference documents for
// CreateVpc, CreateSubnet, DeleteVpc, DeleteSubnet and CreateTags/DeleteTags.
import { type Ec2Context, filtered, mergeTags, namedIds, readTag, specifiedTags, tagSet } from "./emulator-ec2-common";
import { BLOCK_PREFIX, overlaps, parseCidr, within, ZONE_LETTERS } from "./emulator-ec2-rules";
import { defaultGroup } from "./emulator-ec2-security-groups";
import { ec2Id, type Subnet, type Vpc } from "./emulator-ec2-state";
import { QueryApiError, type QueryInput, structures, text, texts } from "./emulator-query";
import { ACCOUNT_ID } from "./emulator-state";

function block(input: QueryInput, kind: "Vpc" | "Subnet"): string {
  const cidr = text(input, "CidrBlock");
  if (!cidr) throw new QueryApiError("MissingParameter", "The request must contain the parameter CidrBlock");
  const parsed = parseCidr(cidr);
  if (!parsed || parsed.prefix < BLOCK_PREFIX.min || parsed.prefix > BLOCK_PREFIX.max) throw new QueryApiError(`Invalid${kind}.Range`, `The CIDR '${cidr}' is invalid.`);
  return cidr;
}

function vpcView(vpc: Vpc) {
  return {
    vpcId: vpc.id,
    ownerId: ACCOUNT_ID,
    state: "available",
    cidrBlock: vpc.cidr,
    cidrBlockAssociationSet: [{ associationId: `vpc-cidr-assoc-${vpc.id.slice(4)}`, cidrBlock: vpc.cidr, cidrBlockState: { state: "associated" } }],
    dhcpOptionsId: "default",
    instanceTenancy: "default",
    isDefault: false,
    tagSet: tagSet(vpc.tags),
  };
}

function subnetView(subnet: Subnet, region: string) {
  return {
    subnetId: subnet.id,
    subnetArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:subnet/${subnet.id}`,
    vpcId: subnet.vpcId,
    ownerId: ACCOUNT_ID,
    state: "available",
    cidrBlock: subnet.cidr,
    availabilityZone: subnet.zone,
    availableIpAddressCount: 2 ** (32 - parseCidr(subnet.cidr)!.prefix) - 5,
    defaultForAz: false,
    mapPublicIpOnLaunch: false,
    tagSet: tagSet(subnet.tags),
  };
}

export function createVpc({ ec2, region }: Ec2Context, input: QueryInput) {
  const cidr = block(input, "Vpc");
  const tags = specifiedTags(input, "vpc");
  const vpc: Vpc = { id: ec2Id("vpc"), cidr, tags, defaultGroupId: "" };
  ec2.region(region).vpcs[vpc.id] = vpc;
  vpc.defaultGroupId = defaultGroup(ec2.region(region), vpc.id).id;
  return { vpc: vpcView(vpc) };
}

export function describeVpcs({ ec2, region }: Ec2Context, input: QueryInput) {
  const ids = namedIds(input, "VpcId", "vpc", "InvalidVpcID.Malformed");
  const vpcs = ids.length ? ids.map((id) => ec2.vpc(region, id)) : Object.values(ec2.region(region).vpcs);
  const matching = filtered(vpcs, input, { "vpc-id": (v) => [v.id], "cidr-block": (v) => [v.cidr], cidr: (v) => [v.cidr], state: () => ["available"], "is-default": () => ["false"] });
  return { vpcSet: matching.map(vpcView) };
}

/** "You must detach or delete all gateways and resources that are associated with the VPC before you can delete it" (DeleteVpc). */
export function deleteVpc({ ec2, region }: Ec2Context, input: QueryInput) {
  const id = text(input, "VpcId") ?? "";
  const vpc = ec2.vpc(region, id);
  const state = ec2.region(region);
  const dependent = Object.values(state.subnets).some((s) => s.vpcId === id) || Object.values(state.groups).some((g) => g.vpcId === id && g.id !== vpc.defaultGroupId);
  if (dependent) throw new QueryApiError("DependencyViolation", `The vpc '${id}' has dependencies and cannot be deleted.`);
  delete state.groups[vpc.defaultGroupId];
  delete state.vpcs[id];
  return { return: true };
}

export function createSubnet({ ec2, region }: Ec2Context, input: QueryInput) {
  const vpcId = text(input, "VpcId");
  if (!vpcId) throw new QueryApiError("MissingParameter", "The request must contain the parameter VpcId");
  const vpc = ec2.vpc(region, vpcId);
  const cidr = block(input, "Subnet");
  if (!within(cidr, vpc.cidr)) throw new QueryApiError("InvalidSubnet.Range", `The CIDR '${cidr}' is invalid.`);
  const state = ec2.region(region);
  if (Object.values(state.subnets).some((s) => s.vpcId === vpcId && overlaps(s.cidr, cidr))) throw new QueryApiError("InvalidSubnet.Conflict", `The CIDR '${cidr}' conflicts with another subnet`);
  const zones = ZONE_LETTERS.map((letter) => `${region}${letter}`);
  const zone = text(input, "AvailabilityZone") ?? zones[Object.keys(state.subnets).length % zones.length];
  if (!zones.includes(zone)) {
    throw new QueryApiError("InvalidParameterValue", `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.join(", ")}.`);
  }
  const subnet: Subnet = { id: ec2Id("subnet"), vpcId, cidr, zone, tags: specifiedTags(input, "subnet") };
  state.subnets[subnet.id] = subnet;
  return { subnet: subnetView(subnet, region) };
}

export function describeSubnets({ ec2, region }: Ec2Context, input: QueryInput) {
  const ids = namedIds(input, "SubnetId", "subnet", "InvalidSubnetID.Malformed");
  const subnets = ids.length ? ids.map((id) => ec2.subnet(region, id)) : Object.values(ec2.region(region).subnets);
  const matching = filtered(subnets, input, {
    "subnet-id": (s) => [s.id],
    "vpc-id": (s) => [s.vpcId],
    "availability-zone": (s) => [s.zone],
    "cidr-block": (s) => [s.cidr],
    state: () => ["available"],
  });
  return { subnetSet: matching.map((s) => subnetView(s, region)) };
}

/** A subnet with network interfaces in it (tasks, load balancers) cannot be deleted. */
export function deleteSubnet({ ec2, region }: Ec2Context, input: QueryInput) {
  const id = text(input, "SubnetId") ?? "";
  ec2.subnet(region, id);
  const user = ec2.usage(region, id);
  if (user) throw new QueryApiError("DependencyViolation", `The subnet '${id}' has dependencies and cannot be deleted.`);
  delete ec2.region(region).subnets[id];
  return { return: true };
}

/** The taggable resource an id names, by its prefix. */
function taggable({ ec2, region }: Ec2Context, id: string): { tags: { Key: string; Value: string }[] } {
  if (id.startsWith("vpc-")) return ec2.vpc(region, id);
  if (id.startsWith("subnet-")) return ec2.subnet(region, id);
  if (id.startsWith("sg-")) return ec2.group(region, id);
  throw new QueryApiError("InvalidID", `The ID '${id}' is not valid`);
}

export function createTags(context: Ec2Context, input: QueryInput) {
  const ids = texts(input, "ResourceId");
  if (!ids.length) throw new QueryApiError("MissingParameter", "The request must contain the parameter resourceIdSet");
  const tags = structures(input, "Tag").map(readTag);
  const targets = ids.map((id) => taggable(context, id));
  const merged = targets.map((target) => mergeTags(target.tags, tags));
  targets.forEach((target, i) => (target.tags = merged[i]));
  return { return: true };
}

export function deleteTags(context: Ec2Context, input: QueryInput) {
  const ids = texts(input, "ResourceId");
  const doomed = structures(input, "Tag").map((tag) => ({ key: text(tag, "Key") ?? "", value: text(tag, "Value") }));
  for (const target of ids.map((id) => taggable(context, id))) {
    target.tags = target.tags.filter((t) => !doomed.some((d) => d.key === t.Key && (d.value === undefined || d.value === t.Value)));
  }
  return { return: true };
}
