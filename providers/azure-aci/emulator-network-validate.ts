// The checks Azure Network makes on a PUT body of a virtual network, subnet, network security group or security rule,
// with its error codes. Only the members of Microsoft.Network's models are kept: like ARM, which answers with the
// resource as the provider models it, the emulator drops what it does not model instead of echoing it back.
import { armError, isArmError, type ArmError } from "./emulator-wire";
import { ACCESSES, cidrRange, DESCRIPTION_LENGTH, DIRECTIONS, isAddressPrefix, isPortRange, networkNameRefusal, PRIORITY, PROTOCOLS } from "./emulator-network-rules";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");
/** Malformed bodies are refused by the network provider's deserializer with InvalidRequestFormat. */
const malformed = (target: string, what: string) => armError(400, "InvalidRequestFormat", `Cannot parse the request: ${what}.`, target);

export interface SubnetRequest {
  name: string;
  addressPrefix: string;
  delegations: { name: string; serviceName: string }[];
  networkSecurityGroupId?: string;
}

export interface VirtualNetworkRequest {
  location: string;
  tags: Record<string, string>;
  addressPrefixes: string[];
  /** Present when the body names its subnets (a PUT of a network replaces them); absent leaves them as they are. */
  subnets?: SubnetRequest[];
}

export interface SecurityGroupRequest {
  location: string;
  tags: Record<string, string>;
  /** Rules given inline; absent leaves them as they are. */
  securityRules?: RuleRequest[];
}

export interface RuleRequest {
  name: string;
  description?: string;
  protocol: string;
  access: string;
  direction: string;
  priority: number;
  sourcePortRange?: string;
  sourcePortRanges?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
}

function tagsOf(body: Json): Record<string, string> | ArmError {
  if (body.tags === undefined) return {};
  if (!isObject(body.tags) || Object.values(body.tags).some((v) => typeof v !== "string")) return malformed("tags", "tags must be an object of strings");
  return body.tags as Record<string, string>;
}

function locationOf(body: Json): string | ArmError {
  if (typeof body.location !== "string" || !body.location) return armError(400, "LocationRequired", "The location property is required for this definition.", "location");
  return body.location;
}

export function validateVirtualNetwork(name: string, body: unknown): VirtualNetworkRequest | ArmError {
  const badName = networkNameRefusal("virtualNetworks", name);
  if (badName) return armError(400, "InvalidResourceName", `Resource name ${name} is invalid. The name ${badName}.`, "name");
  if (!isObject(body)) return malformed("", "the body must be a JSON object");
  const location = locationOf(body);
  if (typeof location !== "string") return location;
  const tags = tagsOf(body);
  if (isArmError(tags)) return tags;
  const properties = isObject(body.properties) ? body.properties : {};
  const space = isObject(properties.addressSpace) ? properties.addressSpace.addressPrefixes : undefined;
  if (!isStringArray(space) || space.length === 0) return armError(400, "InvalidAddressPrefixFormat", `Virtual network ${name} needs properties.addressSpace.addressPrefixes.`, "properties.addressSpace.addressPrefixes");
  const badPrefix = space.find((prefix) => !cidrRange(prefix));
  if (badPrefix) return armError(400, "InvalidAddressPrefixFormat", `Address prefix ${badPrefix} of virtual network ${name} is not a valid CIDR.`, "properties.addressSpace.addressPrefixes");
  if (properties.subnets === undefined) return { location, tags, addressPrefixes: space };
  if (!Array.isArray(properties.subnets)) return malformed("properties.subnets", "subnets must be an array");
  const subnets: SubnetRequest[] = [];
  for (const [index, subnet] of properties.subnets.entries()) {
    if (!isObject(subnet) || typeof subnet.name !== "string") return malformed(`properties.subnets[${index}]`, "each subnet needs a name");
    const parsed = validateSubnet(subnet.name, subnet);
    if (isArmError(parsed)) return parsed;
    subnets.push(parsed);
  }
  return { location, tags, addressPrefixes: space, subnets };
}

export function validateSubnet(name: string, body: unknown): SubnetRequest | ArmError {
  const badName = networkNameRefusal("subnets", name);
  if (badName) return armError(400, "InvalidResourceName", `Resource name ${name} is invalid. The name ${badName}.`, "name");
  if (!isObject(body)) return malformed("", "the body must be a JSON object");
  const properties = isObject(body.properties) ? body.properties : {};
  const prefix = properties.addressPrefix;
  if (typeof prefix !== "string" || !cidrRange(prefix)) return armError(400, "InvalidAddressPrefixFormat", `Subnet ${name} needs properties.addressPrefix as a CIDR (got ${String(prefix)}).`, "properties.addressPrefix");
  const delegations: SubnetRequest["delegations"] = [];
  if (properties.delegations !== undefined) {
    if (!Array.isArray(properties.delegations)) return malformed("properties.delegations", "delegations must be an array");
    for (const [index, delegation] of properties.delegations.entries()) {
      const serviceName = isObject(delegation) && isObject(delegation.properties) ? delegation.properties.serviceName : undefined;
      if (!isObject(delegation) || typeof delegation.name !== "string" || typeof serviceName !== "string") {
        return malformed(`properties.delegations[${index}]`, "a delegation needs a name and properties.serviceName");
      }
      delegations.push({ name: delegation.name, serviceName });
    }
  }
  const nsg = properties.networkSecurityGroup;
  if (nsg !== undefined && nsg !== null && (!isObject(nsg) || typeof nsg.id !== "string")) return malformed("properties.networkSecurityGroup", "networkSecurityGroup must be { id }");
  return { name, addressPrefix: prefix, delegations, ...(isObject(nsg) ? { networkSecurityGroupId: nsg.id as string } : {}) };
}

export function validateSecurityGroup(name: string, body: unknown): SecurityGroupRequest | ArmError {
  const badName = networkNameRefusal("networkSecurityGroups", name);
  if (badName) return armError(400, "InvalidResourceName", `Resource name ${name} is invalid. The name ${badName}.`, "name");
  if (!isObject(body)) return malformed("", "the body must be a JSON object");
  const location = locationOf(body);
  if (typeof location !== "string") return location;
  const tags = tagsOf(body);
  if (isArmError(tags)) return tags;
  const properties = isObject(body.properties) ? body.properties : {};
  if (properties.securityRules === undefined) return { location, tags };
  if (!Array.isArray(properties.securityRules)) return malformed("properties.securityRules", "securityRules must be an array");
  const securityRules: RuleRequest[] = [];
  for (const [index, rule] of properties.securityRules.entries()) {
    if (!isObject(rule) || typeof rule.name !== "string") return malformed(`properties.securityRules[${index}]`, "each rule needs a name");
    const parsed = validateSecurityRule(rule.name, rule);
    if (isArmError(parsed)) return parsed;
    securityRules.push(parsed);
  }
  return { location, tags, securityRules };
}

const optionalString = (properties: Json, key: string) => (typeof properties[key] === "string" ? (properties[key] as string) : undefined);
const optionalStrings = (properties: Json, key: string) => (isStringArray(properties[key]) && (properties[key] as string[]).length ? (properties[key] as string[]) : undefined);

export function validateSecurityRule(name: string, body: unknown): RuleRequest | ArmError {
  const badName = networkNameRefusal("securityRules", name);
  if (badName) return armError(400, "InvalidResourceName", `Resource name ${name} is invalid. The name ${badName}.`, "name");
  if (!isObject(body) || !isObject(body.properties)) return malformed("properties", "a security rule needs properties");
  const p = body.properties;
  const at = (field: string) => `properties.${field}`;
  for (const [field, allowed] of [["protocol", PROTOCOLS], ["access", ACCESSES], ["direction", DIRECTIONS]] as const) {
    if (!(allowed as readonly unknown[]).includes(p[field])) return malformed(at(field), `${field} of security rule ${name} must be one of ${allowed.join(", ")} (got ${String(p[field])})`);
  }
  if (!Number.isInteger(p.priority) || (p.priority as number) < PRIORITY.min || (p.priority as number) > PRIORITY.max) {
    return armError(400, "SecurityRuleInvalidPriority", `Security rule ${name} has invalid Priority. Value provided: ${String(p.priority)} Allowed range ${PRIORITY.min}-${PRIORITY.max}.`, at("priority"));
  }
  const description = optionalString(p, "description");
  if (description !== undefined && description.length > DESCRIPTION_LENGTH) return malformed(at("description"), `the description is limited to ${DESCRIPTION_LENGTH} characters`);
  const rule: RuleRequest = {
    name,
    ...(description !== undefined ? { description } : {}),
    protocol: p.protocol as string,
    access: p.access as string,
    direction: p.direction as string,
    priority: p.priority as number,
  };
  for (const side of ["source", "destination"] as const) {
    const range = optionalString(p, `${side}PortRange`);
    const ranges = optionalStrings(p, `${side}PortRanges`);
    const badPort = [range, ...(ranges ?? [])].find((value) => value !== undefined && !isPortRange(value));
    if (badPort !== undefined || (range === undefined && !ranges)) {
      return armError(400, "SecurityRuleInvalidPortRange", `Security rule ${name} has invalid Port range. Value provided: ${badPort ?? "none"}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`, at(`${side}PortRange`));
    }
    const prefix = optionalString(p, `${side}AddressPrefix`);
    const prefixes = optionalStrings(p, `${side}AddressPrefixes`);
    const badPrefix = [prefix, ...(prefixes ?? [])].find((value) => value !== undefined && !isAddressPrefix(value));
    if (badPrefix !== undefined || (prefix === undefined && !prefixes)) {
      return armError(400, "SecurityRuleInvalidAddressPrefix", `Security rule ${name} has invalid Address prefix. Value provided: ${badPrefix ?? "none"}.`, at(`${side}AddressPrefix`));
    }
    Object.assign(rule, {
      ...(range !== undefined ? { [`${side}PortRange`]: range } : {}),
      ...(ranges ? { [`${side}PortRanges`]: ranges } : {}),
      ...(prefix !== undefined ? { [`${side}AddressPrefix`]: prefix } : {}),
      ...(prefixes ? { [`${side}AddressPrefixes`]: prefixes } : {}),
    });
  }
  return rule;
}
