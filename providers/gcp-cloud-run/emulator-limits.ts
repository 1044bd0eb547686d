// The rules the Cloud Run emulator enforces, written from the Cloud Run documentation. The emulator is a witness
// independent of Bulkhead's planner, so it keeps its own table and never reads limits.ts.

/** Service ids ("Services" resource, `service_id`): lowercase letters, digits, hyphens; a letter first, no hyphen last; at most 49. */
export const SERVICE_ID_PATTERN = /^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$/;
export const SERVICE_ID_DESCRIPTION = "use 1–49 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen";

/** "Services per region": 1,000 per project (Cloud Run quotas and limits). */
export const SERVICES_PER_REGION = 1000;
/** "Maximum number of instances": up to 1,000 by default (Set maximum instances). */
export const INSTANCES_LIMIT = 1000;
/** "Maximum concurrent requests per instance": up to 1,000. */
export const CONCURRENCY_LIMIT = 1000;
/** Labels on a Google Cloud resource: at most 64 ("Labels" requirements). */
export const LABELS_LIMIT = 64;

/**
 * Label requirements: keys 1–63 characters, lowercase letters, digits, "_" and "-", starting with a lowercase
 * letter; values up to 63 of the same characters.
 */
export function labelRefusal(key: string, value: string): string | null {
  if (!/^[a-z][a-z0-9_-]{0,62}$/.test(key)) return `label key "${key}" must be 1–63 lowercase letters, digits, underscores or hyphens, starting with a letter`;
  if (!/^[a-z0-9_-]{0,63}$/.test(value)) return `label value of "${key}" must be at most 63 lowercase letters, digits, underscores or hyphens`;
  return null;
}

/** The container runtime contract reserves these names: Cloud Run sets them in every container. */
const RESERVED_VARIABLES = new Set(["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"]);

export function variableNameRefusal(name: string): string | null {
  if (name === "") return "environment variable names must not be empty";
  if (name.includes("=")) return `environment variable name "${name}" must not contain "="`;
  if (RESERVED_VARIABLES.has(name)) return `${name} is set by Cloud Run itself and cannot be overridden`;
  return null;
}

/** "You can set a maximum of 1000 environment variables for a Cloud Run service" (Environment variables for services). */
export const VARIABLES_LIMIT = 1000;

export interface SizeRefusal {
  field: "cpu" | "memory";
  reason: string;
}

const inMiB = (mib: number) => (mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);

/**
 * The CPU and memory pairs Cloud Run takes, from "Configure CPU limits" and "Configure memory limits": whole
 * CPUs 1, 2, 4, 6 or 8, or from 0.08 below 1 in hundredths; 512 MiB to 32 GiB of memory (the floor of the second
 * generation); below 0.5 CPU at most 512 MiB, below 1 CPU at most 1 GiB; more than 4, 8, 16 or 24 GiB needs 2,
 * 4, 6 or 8 CPUs; 4 CPUs need 2 GiB and 6 or 8 CPUs 4 GiB.
 */
export function sizeRefusals(cpu: number, memoryMiB: number): SizeRefusal[] {
  const out: SizeRefusal[] = [];
  const cpuOffered = cpu >= 1 ? [1, 2, 4, 6, 8].includes(cpu) : cpu >= 0.08 && Math.abs(Math.round(cpu * 100) - cpu * 100) < 1e-9;
  if (!cpuOffered) out.push({ field: "cpu", reason: `Cloud Run offers 1, 2, 4, 6, 8 vCPU, or a fraction from 0.08 to 1 in steps of 0.01; ${cpu} is not one of them` });
  if (memoryMiB < 512 || memoryMiB > 32 * 1024) out.push({ field: "memory", reason: `memory must be between 512 MiB and 32 GiB; ${inMiB(memoryMiB)} is outside` });
  if (out.length) return out;
  if (cpu < 0.5 && memoryMiB > 512) out.push({ field: "memory", reason: `less than 0.5 vCPU allows at most 512 MiB; ${cpu} vCPU with ${inMiB(memoryMiB)} is not offered` });
  else if (cpu < 1 && memoryMiB > 1024) out.push({ field: "memory", reason: `less than 1 vCPU allows at most 1 GiB; ${cpu} vCPU with ${inMiB(memoryMiB)} is not offered` });
  const cpusNeeded = memoryMiB > 24 * 1024 ? 8 : memoryMiB > 16 * 1024 ? 6 : memoryMiB > 8 * 1024 ? 4 : memoryMiB > 4 * 1024 ? 2 : 0;
  if (cpu >= 1 && cpu < cpusNeeded) out.push({ field: "cpu", reason: `${inMiB(memoryMiB)} of memory needs at least ${cpusNeeded} vCPU; ${cpu} vCPU is too few` });
  const memoryNeeded = cpu >= 6 ? 4096 : cpu >= 4 ? 2048 : 0;
  if (memoryMiB < memoryNeeded) out.push({ field: "memory", reason: `${cpu} vCPU needs at least ${inMiB(memoryNeeded)} of memory; ${inMiB(memoryMiB)} is too little` });
  return out;
}
