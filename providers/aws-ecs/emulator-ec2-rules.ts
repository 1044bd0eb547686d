// The rules the emulator's EC2 enforces, written from the Amazon EC2 and Amazon VPC documentation. Like every
// emulator table it is the emulator's own: nothing here comes from Bulkhead's planner.

/**
 * CreateSecurityGroup GroupName and Description: "Up to 255 characters in length. Can't start with sg-. Valid
 * characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*"; names are case-insensitive and unique within the
 * VPC (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).
 */
export const GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

/** "Inbound or outbound rules per security group: 60" (Amazon VPC quotas, https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html). */
export const RULES_PER_DIRECTION = 60;
/** "VPC security groups per Region: 2,500" (same page). */
export const GROUPS_PER_REGION = 2500;

/** "The allowed block size is between a /16 netmask (65,536 IP addresses) and /28 netmask (16 IP addresses)" (VPC CIDR blocks). */
export const BLOCK_PREFIX = { min: 16, max: 28 };

/** Tag restrictions: at most 50 tags, keys up to 128 and values up to 256 characters, "aws:" reserved (Tag your Amazon EC2 resources). */
export const TAGS_MAX = 50;
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;

/** The Availability Zones the emulator offers in every Region, as `<region>a` … (real Regions have three or more). */
export const ZONE_LETTERS = ["a", "b", "c"];

/** IpProtocol: a name, a protocol number, or -1 / all for every protocol (API_IpPermission.html). */
const PROTOCOL_NAMES: Record<string, string> = { tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp", icmp: "icmp", "1": "icmp", "-1": "-1", all: "-1" };
export const protocolOf = (value: string): string | undefined => PROTOCOL_NAMES[value.toLowerCase()] ?? (/^\d{1,3}$/.test(value) && Number(value) <= 255 ? value : undefined);
/** TCP and UDP rules name a port range 0–65535; other protocols carry none. */
export const hasPorts = (protocol: string) => protocol === "tcp" || protocol === "udp";

/** An IPv4 CIDR as EC2 reads it: four octets and a prefix length 0–32. */
export function parseCidr(cidr: string): { base: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  return { base: address - (address % size), prefix };
}

/** Whether CIDR `inner` lies wholly within `outer`. */
export function within(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a.prefix < b.prefix) return false;
  return a.base - (a.base % 2 ** (32 - b.prefix)) === b.base;
}

export function overlaps(x: string, y: string): boolean {
  return within(x, y) || within(y, x);
}
