// The emulator's Azure Network: virtual networks with their subnets (and delegations), network security groups with
// their security rules, and the long-running operations the SDK polls. References are checked as Azure checks them:
// a subnet's group must exist in the network's region, a rule needs its group, and nothing in use can be deleted.
import { randomUUID } from "node:crypto";
import { armError, type ArmError } from "./emulator-wire";
import { cidrRange, DEFAULT_RULES, RULES_PER_GROUP } from "./emulator-network-rules";
import type { RuleRequest, SecurityGroupRequest, SubnetRequest, VirtualNetworkRequest } from "./emulator-network-validate";

interface StoredVirtualNetwork extends Omit<VirtualNetworkRequest, "subnets"> {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  subnets: SubnetRequest[];
  readyAt: number;
}

interface StoredSecurityGroup extends Omit<SecurityGroupRequest, "securityRules"> {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  rules: (RuleRequest & { readyAt: number })[];
  readyAt: number;
}

/** What the emulator keeps of the network between starts. */
export interface NetworkSnapshot {
  virtualNetworks: StoredVirtualNetwork[];
  securityGroups: StoredSecurityGroup[];
}

export interface NetworkAccepted {
  status: 200 | 201;
  view: object;
  operationId: string;
  location: string;
}

/** What a container group's placement needs to know of a subnet. */
export interface SubnetFacts {
  subscriptionId: string;
  location: string;
  delegatedTo: string[];
}

const NETWORK = "Microsoft.Network";
const lower = (...parts: string[]) => parts.join("/").toLowerCase();
const vnetId = (s: string, rg: string, name: string) => `/subscriptions/${s}/resourceGroups/${rg}/providers/${NETWORK}/virtualNetworks/${name}`;
const nsgId = (s: string, rg: string, name: string) => `/subscriptions/${s}/resourceGroups/${rg}/providers/${NETWORK}/networkSecurityGroups/${name}`;
const etag = (at: number) => `W/"${at.toString(16)}"`;
const state = (readyAt: number) => (Date.now() < readyAt ? "Updating" : "Succeeded");

/** Parses a subnet's ARM id into its parts (ARM ids are case-insensitive). */
export function parseSubnetId(id: string): { subscriptionId: string; resourceGroup: string; network: string; subnet: string } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(id);
  return match ? { subscriptionId: match[1], resourceGroup: match[2], network: match[3], subnet: match[4] } : undefined;
}

function parseSecurityGroupId(id: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/networkSecurityGroups\/([^/]+)$/i.exec(id);
  return match ? { subscriptionId: match[1], resourceGroup: match[2], name: match[3] } : undefined;
}

export class NetworkStore {
  private readonly networks = new Map<string, StoredVirtualNetwork>();
  private readonly groups = new Map<string, StoredSecurityGroup>();
  private readonly operations = new Map<string, number>();

  /**
   * @param delayMs how long a change stays "Updating" before its operation succeeds.
   * @param subnetInUse whether container groups sit in a subnet (by its id): Azure will not delete such a subnet.
   * @param changed called after every change, to keep the state on disk.
   */
  constructor(
    private readonly delayMs: number,
    private readonly subnetInUse: (subnetId: string) => boolean,
    private readonly changed: () => void = () => {},
  ) {}

  snapshot(): NetworkSnapshot {
    return { virtualNetworks: [...this.networks.values()], securityGroups: [...this.groups.values()] };
  }

  restore(snapshot: NetworkSnapshot): void {
    for (const network of snapshot.virtualNetworks) this.networks.set(lower(network.subscriptionId, network.resourceGroup, network.name), network);
    for (const group of snapshot.securityGroups) this.groups.set(lower(group.subscriptionId, group.resourceGroup, group.name), group);
  }

  /** The Azure-AsyncOperation document of a network change. */
  operation(id: string): object | undefined {
    const readyAt = this.operations.get(id);
    if (readyAt === undefined) return undefined;
    return { id, name: id, status: Date.now() < readyAt ? "InProgress" : "Succeeded" };
  }

  /** A subnet as the container-instance side needs it, or undefined when it does not exist. */
  subnet(id: string): SubnetFacts | undefined {
    const parts = parseSubnetId(id);
    const network = parts && this.networks.get(lower(parts.subscriptionId, parts.resourceGroup, parts.network));
    const subnet = network?.subnets.find((s) => s.name.toLowerCase() === parts!.subnet.toLowerCase());
    return subnet && { subscriptionId: network!.subscriptionId, location: network!.location, delegatedTo: subnet.delegations.map((d) => d.serviceName) };
  }

  // --- virtual networks and subnets ---

  getVirtualNetwork(s: string, rg: string, name: string): object | undefined {
    const network = this.networks.get(lower(s, rg, name));
    return network && this.networkView(network);
  }

  listVirtualNetworks(s: string, rg: string): object[] {
    return [...this.networks.values()].filter((n) => lower(n.subscriptionId, n.resourceGroup) === lower(s, rg)).map((n) => this.networkView(n));
  }

  putVirtualNetwork(s: string, rg: string, name: string, request: VirtualNetworkRequest): NetworkAccepted | ArmError {
    const key = lower(s, rg, name);
    const existing = this.networks.get(key);
    if (existing && existing.location.toLowerCase() !== request.location.toLowerCase()) {
      return armError(400, "InvalidResourceLocation", `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg}'. A resource with the same name cannot be created in location '${request.location}'.`, "location");
    }
    const subnets = request.subnets ?? existing?.subnets ?? [];
    const draft: StoredVirtualNetwork = { subscriptionId: s, resourceGroup: rg, name, location: request.location, tags: request.tags, addressPrefixes: request.addressPrefixes, subnets, readyAt: 0 };
    // A PUT of a network replaces its subnets: one that disappears is deleted, which Azure refuses while in use.
    for (const gone of (existing?.subnets ?? []).filter((old) => !subnets.some((s2) => s2.name.toLowerCase() === old.name.toLowerCase()))) {
      const refused = this.inUse(`${vnetId(s, rg, name)}/subnets/${gone.name}`);
      if (refused) return refused;
    }
    for (const subnet of subnets) {
      const refused = this.subnetProblem(draft, subnet);
      if (refused) return refused;
    }
    return this.accept(() => this.networks.set(key, { ...draft, readyAt: Date.now() + this.delayMs }), !existing, request.location, () => this.networkView(this.networks.get(key)!));
  }

  deleteVirtualNetwork(s: string, rg: string, name: string): { location: string } | ArmError | undefined {
    const network = this.networks.get(lower(s, rg, name));
    if (!network) return undefined;
    for (const subnet of network.subnets) {
      const refused = this.inUse(`${vnetId(s, rg, name)}/subnets/${subnet.name}`);
      if (refused) return refused;
    }
    this.networks.delete(lower(s, rg, name));
    this.changed();
    return { location: network.location };
  }

  getSubnet(s: string, rg: string, vnet: string, name: string): object | undefined | null {
    const network = this.networks.get(lower(s, rg, vnet));
    if (!network) return null;
    const subnet = network.subnets.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return subnet && this.subnetView(network, subnet);
  }

  listSubnets(s: string, rg: string, vnet: string): object[] | undefined {
    const network = this.networks.get(lower(s, rg, vnet));
    return network?.subnets.map((subnet) => this.subnetView(network, subnet));
  }

  putSubnet(s: string, rg: string, vnet: string, subnet: SubnetRequest): NetworkAccepted | ArmError {
    const network = this.networks.get(lower(s, rg, vnet));
    if (!network) return parentMissing("Microsoft.Network/virtualNetworks", vnet, rg);
    const refused = this.subnetProblem(network, subnet);
    if (refused) return refused;
    const index = network.subnets.findIndex((x) => x.name.toLowerCase() === subnet.name.toLowerCase());
    return this.accept(
      () => {
        network.subnets = index < 0 ? [...network.subnets, subnet] : network.subnets.map((x, i) => (i === index ? subnet : x));
        network.readyAt = Date.now() + this.delayMs;
      },
      index < 0,
      network.location,
      () => this.subnetView(network, subnet),
    );
  }

  deleteSubnet(s: string, rg: string, vnet: string, name: string): { location: string } | ArmError | undefined {
    const network = this.networks.get(lower(s, rg, vnet));
    const subnet = network?.subnets.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!network || !subnet) return undefined;
    const refused = this.inUse(`${vnetId(s, rg, vnet)}/subnets/${subnet.name}`);
    if (refused) return refused;
    network.subnets = network.subnets.filter((x) => x !== subnet);
    this.changed();
    return { location: network.location };
  }

  // --- network security groups and rules ---

  getSecurityGroup(s: string, rg: string, name: string): object | undefined {
    const group = this.groups.get(lower(s, rg, name));
    return group && this.groupView(group);
  }

  listSecurityGroups(s: string, rg: string): object[] {
    return [...this.groups.values()].filter((g) => lower(g.subscriptionId, g.resourceGroup) === lower(s, rg)).map((g) => this.groupView(g));
  }

  putSecurityGroup(s: string, rg: string, name: string, request: SecurityGroupRequest): NetworkAccepted | ArmError {
    const key = lower(s, rg, name);
    const existing = this.groups.get(key);
    if (existing && existing.location.toLowerCase() !== request.location.toLowerCase()) {
      return armError(400, "InvalidResourceLocation", `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg}'. A resource with the same name cannot be created in location '${request.location}'.`, "location");
    }
    const now = Date.now();
    const rules = request.securityRules ? request.securityRules.map((rule) => ({ ...rule, readyAt: now + this.delayMs })) : (existing?.rules ?? []);
    const conflict = rules.map((rule) => conflictOf(rules, rule)).find(Boolean);
    if (conflict) return conflict;
    if (rules.length > RULES_PER_GROUP) return tooManyRules(name);
    const group: StoredSecurityGroup = { subscriptionId: s, resourceGroup: rg, name, location: request.location, tags: request.tags, rules, readyAt: now + this.delayMs };
    return this.accept(() => this.groups.set(key, group), !existing, request.location, () => this.groupView(group));
  }

  deleteSecurityGroup(s: string, rg: string, name: string): { location: string } | ArmError | undefined {
    const group = this.groups.get(lower(s, rg, name));
    if (!group) return undefined;
    const users = this.subnetsOf(group);
    // "Network security group … cannot be deleted because it is in use by the following resources" (InUseNetworkSecurityGroupCannotBeDeleted).
    if (users.length) return armError(400, "InUseNetworkSecurityGroupCannotBeDeleted", `Network security group ${nsgId(s, rg, group.name)} cannot be deleted because it is in use by the following resources: ${users.join(", ")}.`);
    this.groups.delete(lower(s, rg, name));
    this.changed();
    return { location: group.location };
  }

  getSecurityRule(s: string, rg: string, nsg: string, name: string): object | undefined | null {
    const group = this.groups.get(lower(s, rg, nsg));
    if (!group) return null;
    const rule = group.rules.find((r) => r.name.toLowerCase() === name.toLowerCase());
    return rule && ruleView(group, rule);
  }

  listSecurityRules(s: string, rg: string, nsg: string): object[] | undefined {
    const group = this.groups.get(lower(s, rg, nsg));
    return group?.rules.map((rule) => ruleView(group, rule));
  }

  putSecurityRule(s: string, rg: string, nsg: string, request: RuleRequest): NetworkAccepted | ArmError {
    const group = this.groups.get(lower(s, rg, nsg));
    if (!group) return parentMissing("Microsoft.Network/networkSecurityGroups", nsg, rg);
    const rule = { ...request, readyAt: Date.now() + this.delayMs };
    const others = group.rules.filter((r) => r.name.toLowerCase() !== request.name.toLowerCase());
    const conflict = conflictOf([...others, rule], rule);
    if (conflict) return conflict;
    if (others.length + 1 > RULES_PER_GROUP) return tooManyRules(nsg);
    const created = others.length === group.rules.length;
    return this.accept(() => void (group.rules = [...others, rule]), created, group.location, () => ruleView(group, rule));
  }

  deleteSecurityRule(s: string, rg: string, nsg: string, name: string): { location: string } | undefined {
    const group = this.groups.get(lower(s, rg, nsg));
    const rule = group?.rules.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!group || !rule) return undefined;
    group.rules = group.rules.filter((r) => r !== rule);
    this.changed();
    return { location: group.location };
  }

  /** Records an operation that a DELETE finished at once, for the Azure-AsyncOperation header. */
  finishedOperation(): string {
    const id = randomUUID();
    this.operations.set(id, Date.now());
    return id;
  }

  // --- internals ---

  private accept(apply: () => void, created: boolean, location: string, view: () => object): NetworkAccepted {
    apply();
    this.changed();
    const operationId = randomUUID();
    const now = Date.now();
    // Callers poll an operation for moments; an hour later nobody asks for it any more.
    for (const [id, readyAt] of this.operations) if (readyAt < now - 3_600_000) this.operations.delete(id);
    this.operations.set(operationId, now + this.delayMs);
    return { status: created ? 201 : 200, view: view(), operationId, location };
  }

  /** Azure's checks of a subnet inside its network: its range, its siblings, the group it names. */
  private subnetProblem(network: StoredVirtualNetwork, subnet: SubnetRequest): ArmError | undefined {
    const range = cidrRange(subnet.addressPrefix)!;
    const inside = network.addressPrefixes.some((prefix) => {
      const space = cidrRange(prefix)!;
      return range[0] >= space[0] && range[1] <= space[1];
    });
    if (!inside) return armError(400, "NetcfgSubnetRangeOutsideVnet", `Subnet '${subnet.name}' is not valid because its IP address range is outside the IP address range of virtual network '${network.name}'.`, "properties.addressPrefix");
    const overlapping = network.subnets.find((other) => {
      if (other.name.toLowerCase() === subnet.name.toLowerCase()) return false;
      const theirs = cidrRange(other.addressPrefix)!;
      return range[0] <= theirs[1] && theirs[0] <= range[1];
    });
    if (overlapping) return armError(400, "NetcfgSubnetRangesOverlap", `Subnet '${subnet.name}' is not valid because its IP address range overlaps with that of an existing subnet '${overlapping.name}' in virtual network '${network.name}'.`, "properties.addressPrefix");
    if (subnet.networkSecurityGroupId) {
      const parts = parseSecurityGroupId(subnet.networkSecurityGroupId);
      const group = parts && this.groups.get(lower(parts.subscriptionId, parts.resourceGroup, parts.name));
      if (!group || group.location.toLowerCase() !== network.location.toLowerCase()) {
        return armError(
          400,
          "InvalidResourceReference",
          `Resource ${subnet.networkSecurityGroupId} referenced by resource ${vnetId(network.subscriptionId, network.resourceGroup, network.name)}/subnets/${subnet.name} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
          "properties.networkSecurityGroup.id",
        );
      }
    }
    return undefined;
  }

  private inUse(subnetId: string): ArmError | undefined {
    if (!this.subnetInUse(subnetId)) return undefined;
    return armError(400, "InUseSubnetCannotBeDeleted", `Subnet ${subnetId.split("/").at(-1)} is in use by container groups and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.`);
  }

  private subnetsOf(group: StoredSecurityGroup): string[] {
    const id = nsgId(group.subscriptionId, group.resourceGroup, group.name).toLowerCase();
    return [...this.networks.values()].flatMap((n) => n.subnets.filter((s) => s.networkSecurityGroupId?.toLowerCase() === id).map((s) => `${vnetId(n.subscriptionId, n.resourceGroup, n.name)}/subnets/${s.name}`));
  }

  private networkView(network: StoredVirtualNetwork): object {
    return {
      id: vnetId(network.subscriptionId, network.resourceGroup, network.name),
      name: network.name,
      type: `${NETWORK}/virtualNetworks`,
      location: network.location,
      tags: network.tags,
      etag: etag(network.readyAt),
      properties: {
        provisioningState: state(network.readyAt),
        addressSpace: { addressPrefixes: network.addressPrefixes },
        subnets: network.subnets.map((subnet) => this.subnetView(network, subnet)),
      },
    };
  }

  private subnetView(network: StoredVirtualNetwork, subnet: SubnetRequest): object {
    const id = `${vnetId(network.subscriptionId, network.resourceGroup, network.name)}/subnets/${subnet.name}`;
    return {
      id,
      name: subnet.name,
      type: `${NETWORK}/virtualNetworks/subnets`,
      etag: etag(network.readyAt),
      properties: {
        provisioningState: state(network.readyAt),
        addressPrefix: subnet.addressPrefix,
        delegations: subnet.delegations.map((d) => ({ id: `${id}/delegations/${d.name}`, name: d.name, type: `${NETWORK}/virtualNetworks/subnets/delegations`, properties: { serviceName: d.serviceName, provisioningState: "Succeeded" } })),
        ...(subnet.networkSecurityGroupId ? { networkSecurityGroup: { id: subnet.networkSecurityGroupId } } : {}),
      },
    };
  }

  private groupView(group: StoredSecurityGroup): object {
    const id = nsgId(group.subscriptionId, group.resourceGroup, group.name);
    return {
      id,
      name: group.name,
      type: `${NETWORK}/networkSecurityGroups`,
      location: group.location,
      tags: group.tags,
      etag: etag(group.readyAt),
      properties: {
        provisioningState: state(group.readyAt),
        securityRules: group.rules.map((rule) => ruleView(group, rule)),
        defaultSecurityRules: DEFAULT_RULES.map((d) => ({
          id: `${id}/defaultSecurityRules/${d.name}`,
          name: d.name,
          type: `${NETWORK}/networkSecurityGroups/defaultSecurityRules`,
          properties: { provisioningState: "Succeeded", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: d.source, destinationAddressPrefix: d.destination, access: d.access, priority: d.priority, direction: d.direction },
        })),
        subnets: this.subnetsOf(group).map((subnetId) => ({ id: subnetId })),
      },
    };
  }
}

function ruleView(group: StoredSecurityGroup, rule: RuleRequest & { readyAt: number }): object {
  const { name, readyAt, ...properties } = rule;
  return {
    id: `${nsgId(group.subscriptionId, group.resourceGroup, group.name)}/securityRules/${name}`,
    name,
    type: `${NETWORK}/networkSecurityGroups/securityRules`,
    etag: etag(readyAt),
    properties: { ...properties, provisioningState: state(readyAt) },
  };
}

/** "Security rule A conflicts with rule B. Rules cannot have the same Priority and Direction." (SecurityRuleConflict) */
function conflictOf(rules: RuleRequest[], rule: RuleRequest): ArmError | undefined {
  const other = rules.find((r) => r !== rule && r.name.toLowerCase() !== rule.name.toLowerCase() && r.priority === rule.priority && r.direction === rule.direction);
  if (!other) return undefined;
  return armError(400, "SecurityRuleConflict", `Security rule ${other.name} conflicts with rule ${rule.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`, "properties.priority");
}

/** A child resource whose parent does not exist ("Troubleshoot common Azure deployment errors": ParentResourceNotFound). */
function parentMissing(type: string, name: string, rg: string): ArmError {
  return armError(404, "ParentResourceNotFound", `Can not perform requested operation on nested resource. Parent resource '${name}' not found (${type} in resource group '${rg}').`);
}

function tooManyRules(group: string): ArmError {
  return armError(400, "SecurityRulesPerNetworkSecurityGroupLimitReached", `Network security group ${group} would have more than ${RULES_PER_GROUP} security rules, the limit per group.`);
}
