// Azure Container Instances' own limits (Linux, standard SKU, API 2023-05-01), as validate() checks them
// before any cloud call. The emulator keeps its own (emulator-rules.ts), so the two witness each other.

/** Container group and container names: 1–63 lowercase letters, digits, hyphens; no leading,
 * trailing or doubled hyphen. */
const GROUP_NAME = /^(?!-)(?!.*--)[a-z0-9-]{1,63}(?<!-)$/;

/** Why `name` is not a valid container group (or container) name, or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (GROUP_NAME.test(name)) return undefined;
  if (name.length === 0 || name.length > 63) return `must be 1 to 63 characters long (it has ${name.length})`;
  if (/[^a-z0-9-]/.test(name)) return "may contain only lowercase letters, digits and hyphens";
  if (name.includes("--")) return "must not contain two hyphens in a row";
  return "must not start or end with a hyphen";
}

/** What Azure accepts as an environment variable name (the service's InvalidContainerEnvironmentVariable rule). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Resource group names: 1–90 letters, digits, underscores, hyphens, periods, parentheses; no trailing period. */
export const RESOURCE_GROUP_NAME = /^[-\w.()]{1,90}(?<!\.)$/;

export const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A VNet subnet's ARM id, as `subnetIds[].id` must be. */
export const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/** Per container group on Linux: both sized to one decimal place (as `az container create` says). */
export const CPU = { min: 0.1, max: 4 } as const;
export const MEMORY_GB = { min: 0.1, max: 16 } as const;

export function onTenthStep(value: number): boolean {
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;
}

export function inRange(value: number, range: { min: number; max: number }): boolean {
  return Number.isFinite(value) && value >= range.min && value <= range.max;
}

/** ARM tags: at most 50 per resource, names up to 512 characters without < > % & \ ? /, values up to 256. */
export const TAGS = { max: 50, nameLength: 512, valueLength: 256, forbiddenInName: /[<>%&\\?/]/ } as const;

/** Why a tag is refused, or undefined when it is fine. */
export function tagProblem(name: string, value: string): string | undefined {
  if (name.length === 0 || name.length > TAGS.nameLength) return `tag names must be 1 to ${TAGS.nameLength} characters long`;
  if (TAGS.forbiddenInName.test(name)) return "tag names must not contain < > % & \\ ? or /";
  if (value.length > TAGS.valueLength) return `tag values must be at most ${TAGS.valueLength} characters long`;
  return undefined;
}
