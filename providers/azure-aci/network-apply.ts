// The network side of apply, observe and destroy, through @azure/arm-network: the reads of the target's subnet and
// its network security group that apply makes before anything else (refusing, naming them, when they do not do their
// job), the plan's NSG rules with the private IPs and free priorities only Azure can give, and their removal.
import type { ContainerGroup, ContainerInstanceManagementClient } from "@azure/arm-containerinstance";
import type { NetworkManagementClient, SecurityRule, Subnet } from "@azure/arm-network";
import { ProviderError } from "@/providers/errors";
import type { DriftedSetting } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { isNotFound } from "./map-error";
import { ACI_DELEGATION, appsOf, PRIORITY_BANDS, type RuleAddress, type RuleTemplate } from "./network-plan";

export interface NetworkSession {
  network: NetworkManagementClient;
  client: ContainerInstanceManagementClient;
  coordinates: AzureCoordinates;
  call: { requestOptions: { timeout: number } };
  /** Polling of the network's long-running operations; Azure's Retry-After decides when absent. */
  poll: { updateIntervalInMs?: number };
}

/** The network security group apply writes rules into. */
export interface SecurityGroupRef {
  resourceGroup: string;
  name: string;
}

const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;
const NSG_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/networkSecurityGroups\/([^/]+)$/i;
/** Allocation races (two applies picking the same free priority) end in SecurityRuleConflict; reading again resolves them. */
const CONFLICT_RETRIES = 5;

const refuse = (message: string) => new ProviderError("invalid", message, "coordinates.subnetId");

async function readSubnet({ network, call, coordinates }: NetworkSession): Promise<Subnet | undefined> {
  const [, resourceGroup, vnet, subnet] = SUBNET_ID.exec(coordinates.subnetId ?? "") ?? [];
  if (!subnet) return undefined;
  try {
    return await network.subnets.get(resourceGroup, vnet, subnet, call);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

const groupOf = (subnet: Subnet | undefined): SecurityGroupRef | undefined => {
  const [, resourceGroup, name] = NSG_ID.exec(subnet?.networkSecurityGroup?.id ?? "") ?? [];
  return name ? { resourceGroup, name } : undefined;
};

/**
 * The plan's checks: the subnet exists and is delegated to container groups; with rules to write, an NSG is associated
 * with it and exists. Refuses naming the subnet otherwise; answers the NSG.
 */
export async function verifyPlacement(session: NetworkSession, needsSecurityGroup: boolean): Promise<SecurityGroupRef | undefined> {
  const id = session.coordinates.subnetId;
  const subnet = await readSubnet(session);
  if (!subnet) throw refuse(`The target's subnet ${id} does not exist: an operator creates it (delegated to ${ACI_DELEGATION}) or corrects the target's subnetId`);
  if (!(subnet.delegations ?? []).some((d) => d.serviceName === ACI_DELEGATION)) {
    throw refuse(`The target's subnet ${id} is not delegated to ${ACI_DELEGATION}, so Azure cannot place container groups in it: an operator adds the delegation`);
  }
  if (!needsSecurityGroup) return undefined;
  const group = groupOf(subnet);
  if (!group) throw refuse(`The target's subnet ${id} has no network security group associated, so links and egress rules would filter nothing: an operator associates one`);
  try {
    await session.network.networkSecurityGroups.get(group.resourceGroup, group.name, session.call);
  } catch (error) {
    if (isNotFound(error)) throw refuse(`The network security group ${subnet.networkSecurityGroup!.id} of the target's subnet does not exist`);
    throw error;
  }
  return group;
}

/** The NSG of the target's subnet, for destroy and observe: none when the subnet or its association is gone. */
export const securityGroupOfTarget = async (session: NetworkSession) => groupOf(await readSubnet(session));

/** What apply needs of a container group to address rules to it. */
interface GroupAddress {
  ip: string;
  ports: number[];
}

/** The private IPs (and exposed ports) of the groups the rules name; a group that does not exist or has no IP yet is absent. */
export async function addressesOf({ client, call, coordinates }: NetworkSession, templates: RuleTemplate[]): Promise<Map<string, GroupAddress>> {
  const names = new Set(templates.flatMap((t) => [t.source, t.destination]).flatMap((a) => ("group" in a ? [a.group] : [])));
  const found = new Map<string, GroupAddress>();
  for (const name of names) {
    let group: ContainerGroup | undefined;
    try {
      group = await client.containerGroups.get(coordinates.resourceGroup, name, call);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const ip = group?.ipAddress?.type === "Private" ? group.ipAddress.ip : undefined;
    if (ip) found.set(name, { ip, ports: (group!.ipAddress!.ports ?? []).map((p) => p.port) });
  }
  return found;
}

type ResolvedRule = Required<Pick<SecurityRule, "name" | "description" | "direction" | "access" | "protocol" | "sourcePortRange" | "destinationPortRange">> &
  Pick<SecurityRule, "sourceAddressPrefix" | "sourceAddressPrefixes" | "destinationAddressPrefix" | "destinationAddressPrefixes">;

/** The rule as it goes to Azure, or undefined while a group it names has no address (the other app's apply writes it later). */
export function resolve(rule: RuleTemplate, addresses: Map<string, GroupAddress>): ResolvedRule | undefined {
  const prefix = (address: RuleAddress): string[] | undefined => ("group" in address ? (addresses.has(address.group) ? [addresses.get(address.group)!.ip] : undefined) : address.prefixes);
  const [source, destination] = [prefix(rule.source), prefix(rule.destination)];
  if (!source || !destination) return undefined;
  let port: string;
  if ("fixed" in rule.destinationPort) port = rule.destinationPort.fixed;
  else {
    // The callee's group answers the link on the port it exposes: the link's own, or 443 where a TLS sidecar fronts it.
    const { link } = rule.destinationPort;
    const exposed = addresses.get(link.to)?.ports ?? [];
    port = String(exposed.includes(link.port) || !exposed.includes(443) ? link.port : 443);
  }
  const address = (side: "source" | "destination", values: string[]) => (values.length === 1 ? { [`${side}AddressPrefix`]: values[0] } : { [`${side}AddressPrefixes`]: values });
  return {
    name: rule.name,
    description: rule.description,
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    sourcePortRange: "*",
    destinationPortRange: port,
    ...address("source", source),
    ...address("destination", destination),
  };
}

const inBand = (priority: number | undefined, rule: RuleTemplate) => priority !== undefined && priority >= PRIORITY_BANDS[rule.band].min && priority <= PRIORITY_BANDS[rule.band].max;

/** The settings of a rule that matter, as Azure returns them (one prefix or several, by value). */
function shape(rule: SecurityRule | ResolvedRule) {
  const prefixes = (one?: string, many?: string[]) => [...(one ? [one] : []), ...(many ?? [])].sort();
  return {
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    sourcePortRange: rule.sourcePortRange,
    destinationPortRange: rule.destinationPortRange,
    source: prefixes(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
    destination: prefixes(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
  };
}

async function listRules({ network, call }: NetworkSession, group: SecurityGroupRef): Promise<SecurityRule[]> {
  const rules: SecurityRule[] = [];
  for await (const rule of network.securityRules.list(group.resourceGroup, group.name, call)) rules.push(rule);
  return rules;
}

function freePriority(rules: SecurityRule[], rule: RuleTemplate): number {
  const taken = new Set(rules.filter((r) => r.direction === rule.direction && r.name !== rule.name).map((r) => r.priority));
  const band = PRIORITY_BANDS[rule.band];
  for (let priority = band.min; priority <= band.max; priority++) if (!taken.has(priority)) return priority;
  throw new ProviderError("quota", `The network security group has no free ${rule.direction.toLowerCase()} priority left from ${band.min} to ${band.max} for rule ${rule.name}`);
}

const isConflict = (error: unknown) => error instanceof Error && error.name === "RestError" && (error as { code?: string }).code === "SecurityRuleConflict";

/**
 * Writes every rule whose groups have addresses: one already there with the same settings in its band is left alone
 * (idempotent by name), another is rewritten keeping its priority, a new one gets the lowest free priority of its band.
 */
export async function ensureRules(session: NetworkSession, group: SecurityGroupRef, templates: RuleTemplate[], addresses: Map<string, GroupAddress>): Promise<void> {
  let rules = await listRules(session, group);
  for (const template of templates) {
    const wanted = resolve(template, addresses);
    if (!wanted) continue;
    for (let attempt = 1; ; attempt++) {
      const current = rules.find((r) => r.name === template.name);
      if (current && inBand(current.priority, template) && JSON.stringify(shape(current)) === JSON.stringify(shape(wanted))) break;
      const priority = current && inBand(current.priority, template) ? current.priority! : freePriority(rules, template);
      try {
        const written = await session.network.securityRules.createOrUpdate(group.resourceGroup, group.name, template.name, { ...wanted, priority }, { ...session.call, ...session.poll });
        rules = [...rules.filter((r) => r.name !== template.name), written];
        break;
      } catch (error) {
        if (!isConflict(error) || attempt >= CONFLICT_RETRIES) throw error;
        rules = await listRules(session, group);
      }
    }
  }
}

/** Every rule that names the app (its links, either end, and its own deny and egress rules), deleted. */
export async function removeRulesOf(session: NetworkSession, group: SecurityGroupRef, app: string): Promise<void> {
  for (const rule of await listRules(session, group)) {
    if (!appsOf(rule.description).includes(app)) continue;
    await session.network.securityRules.delete(group.resourceGroup, group.name, rule.name!, { ...session.call, ...session.poll });
  }
}

/** The rules read back against the plan's: each one whose groups have addresses must exist with its settings, in its band. */
export async function ruleDrift(session: NetworkSession, group: SecurityGroupRef | undefined, templates: RuleTemplate[], addresses: Map<string, GroupAddress>): Promise<DriftedSetting[]> {
  const rules = group ? await listRules(session, group) : [];
  const drift: DriftedSetting[] = [];
  for (const template of templates) {
    const wanted = resolve(template, addresses);
    if (!wanted) continue;
    const current = rules.find((r) => r.name === template.name);
    const expected = { ...shape(wanted), priority: `${PRIORITY_BANDS[template.band].min}–${PRIORITY_BANDS[template.band].max}` };
    const actual = current && { ...shape(current), priority: inBand(current.priority, template) ? expected.priority : current.priority };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) drift.push({ field: `securityRules.${template.name}`, expected, actual });
  }
  return drift;
}
