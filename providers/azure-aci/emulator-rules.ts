// The rules the Azure Container Instances emulator enforces, written from Microsoft's documentation. The
// emulator is a witness independent of Bulkhead's planner, so it keeps its own table and never reads rules.ts.

/**
 * Container group and container names: 1–63 lowercase letters, digits and hyphens, neither starting nor ending
 * with a hyphen, no two hyphens in a row ("Naming rules and restrictions for Azure resources", Microsoft.ContainerInstance).
 */
const NAME = /^(?!-)(?!.*--)[a-z0-9-]{1,63}(?<!-)$/;

/** What is wrong with a group, container or DNS label name, in the words of the error; undefined when it is fine. */
export function nameRefusal(name: string): string | undefined {
  if (NAME.test(name)) return undefined;
  if (name.length < 1 || name.length > 63) return `must be 1 to 63 characters long (it has ${name.length})`;
  if (/[^a-z0-9-]/.test(name)) return "may contain only lowercase letters, digits and hyphens";
  if (name.includes("--")) return "must not contain two hyphens in a row";
  return "must not start or end with a hyphen";
}

/** Environment variable names the service accepts (its InvalidContainerEnvironmentVariable message): a letter or "_", then letters, digits, "_". */
export const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Resource group names: 1–90 of letters, digits, "_", "-", ".", "(", ")", not ending with "." (naming rules, Microsoft.Resources). */
export const RESOURCE_GROUP = /^[-\w.()]{1,90}(?<!\.)$/;

/** Subscription ids are GUIDs. */
export const SUBSCRIPTION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `subnetIds[].id`: the ARM id of a virtual network's subnet. */
export const SUBNET_RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/**
 * Resources of a Linux container group on the standard SKU ("Resource availability for Azure Container
 * Instances"): up to 4 CPU and 16 GB, each asked for to one decimal place.
 */
export const CPU_RANGE = { min: 0.1, max: 4 } as const;
export const MEMORY_GB_RANGE = { min: 0.1, max: 16 } as const;

export const withinRange = (value: number, range: { min: number; max: number }) => Number.isFinite(value) && value >= range.min && value <= range.max;
export const oneDecimalPlace = (value: number) => Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;

/**
 * ARM tags ("Use tags to organize your Azure resources"): at most 50 per resource; names up to 512 characters
 * without < > % & \ ? /; values up to 256 characters.
 */
export const TAG_LIMIT = 50;

export function tagRefusal(name: string, value: string): string | undefined {
  if (name.length < 1 || name.length > 512) return "tag names must be 1 to 512 characters long";
  if (/[<>%&\\?/]/.test(name)) return "tag names must not contain < > % & \\ ? or /";
  if (value.length > 256) return "tag values must be at most 256 characters long";
  return undefined;
}

/** The SKUs of a container group ("Container Groups - Create Or Update", ContainerGroupSku): Standard when absent. */
export const GROUP_SKUS = ["Standard", "Dedicated", "Confidential"] as const;

/** The one securityContext member a group outside the Confidential SKU may send (see emulator-validate.ts). */
export const SECURITY_CONTEXT_ON_STANDARD: readonly string[] = ["privileged"];
