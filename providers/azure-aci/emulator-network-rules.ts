// The rules the Azure Network (Microsoft.Network) part of the emulator enforces, written from Microsoft's documentation.
// A witness independent of Bulkhead's planner: it never reads network-plan.ts or rules.ts.

/**
 * Names of virtual networks (2–64), subnets, network security groups and security rules (1–80): letters, digits,
 * underscores, periods and hyphens; starting with a letter or digit, ending with a letter, digit or underscore
 * ("Naming rules and restrictions for Azure resources", Microsoft.Network,
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftnetwork).
 */
const NETWORK_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
export const NAME_LENGTH = { virtualNetworks: { min: 2, max: 64 }, subnets: { min: 1, max: 80 }, networkSecurityGroups: { min: 1, max: 80 }, securityRules: { min: 1, max: 80 } } as const;

export function networkNameRefusal(kind: keyof typeof NAME_LENGTH, name: string): string | undefined {
  const { min, max } = NAME_LENGTH[kind];
  if (name.length < min || name.length > max) return `must be ${min} to ${max} characters long`;
  if (!NETWORK_NAME.test(name)) return "may contain letters, digits, underscores, periods and hyphens, start with a letter or digit and end with a letter, digit or underscore";
  return undefined;
}

/**
 * Security rule properties ("Network security groups", Security rules,
 * https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#security-rules): priority 100–4096,
 * unique per direction in a group; protocol TCP, UDP, ICMP, ESP, AH or Any; Allow or Deny; Inbound or Outbound.
 */
export const PRIORITY = { min: 100, max: 4096 } as const;
export const PROTOCOLS = ["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"] as const;
export const ACCESSES = ["Allow", "Deny"] as const;
export const DIRECTIONS = ["Inbound", "Outbound"] as const;
/** "Azure subscription and service limits", Networking limits: security rules per network security group. */
export const RULES_PER_GROUP = 1000;
/** The description of a rule: "Limited to 140 characters" (same page, the rule's properties). */
export const DESCRIPTION_LENGTH = 140;

/** Service tags a rule may name instead of addresses ("Virtual network service tags", available service tags; the ones in every region). */
const SERVICE_TAGS = new Set(["*", "VirtualNetwork", "Internet", "AzureLoadBalancer", "AzureCloud", "Storage", "Sql", "AzureActiveDirectory", "AzureMonitor", "AzureKeyVault"]);
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** An address prefix a rule accepts: an IPv4 address, a CIDR, `*`, or a service tag. */
export function isAddressPrefix(value: string): boolean {
  if (SERVICE_TAGS.has(value)) return true;
  const [address, bits, ...rest] = value.split("/");
  if (rest.length || !IPV4.test(address)) return false;
  return bits === undefined || (/^\d{1,2}$/.test(bits) && Number(bits) <= 32);
}

/** A port range a rule accepts: `*`, a port 0–65535, or `low-high` (the same page: "a single port, such as 80, a port range, such as 1024-65535"). */
export function isPortRange(value: string): boolean {
  if (value === "*") return true;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const [low, high] = [Number(match[1]), Number(match[2] ?? match[1])];
  return low <= 65_535 && high <= 65_535 && low <= high;
}

/**
 * The rules every group has and no one can delete or change ("Network security groups", Default security rules):
 * inbound from the virtual network and the load balancer, outbound to the virtual network and the internet, then deny.
 */
export const DEFAULT_RULES = [
  { name: "AllowVnetInBound", priority: 65000, direction: "Inbound", access: "Allow", source: "VirtualNetwork", destination: "VirtualNetwork" },
  { name: "AllowAzureLoadBalancerInBound", priority: 65001, direction: "Inbound", access: "Allow", source: "AzureLoadBalancer", destination: "*" },
  { name: "DenyAllInBound", priority: 65500, direction: "Inbound", access: "Deny", source: "*", destination: "*" },
  { name: "AllowVnetOutBound", priority: 65000, direction: "Outbound", access: "Allow", source: "VirtualNetwork", destination: "VirtualNetwork" },
  { name: "AllowInternetOutBound", priority: 65001, direction: "Outbound", access: "Allow", source: "*", destination: "Internet" },
  { name: "DenyAllOutBound", priority: 65500, direction: "Outbound", access: "Deny", source: "*", destination: "*" },
] as const;

/**
 * A subnet given to container groups must be delegated to this service ("Virtual network scenarios and resources for
 * Azure Container Instances", Subnet (delegated),
 * https://learn.microsoft.com/azure/container-instances/container-instances-virtual-network-concepts#subnet-delegated).
 */
export const CONTAINER_GROUPS_SERVICE = "Microsoft.ContainerInstance/containerGroups";

/** An IPv4 CIDR as a [first, last] address range, or undefined when it is not one. */
export function cidrRange(cidr: string): [number, number] | undefined {
  const [address, bits] = cidr.split("/");
  if (!IPV4.test(address ?? "") || !/^\d{1,2}$/.test(bits ?? "") || Number(bits) > 32) return undefined;
  const value = address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  const first = value - (value % size);
  return [first, first + size - 1];
}
