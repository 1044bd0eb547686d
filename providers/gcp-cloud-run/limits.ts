// Cloud Run's documented rules, as the spec validator (plan.ts) checks them. Pure. The emulator keeps its
// own (emulator-limits.ts), so the two witness each other. Sources (Cloud Run documentation): "Configure CPU limits for
// services", "Configure memory limits", "Container runtime contract", "Set maximum instances",
// "Maximum concurrent requests per instance", and Google Cloud's label rules.

/** Service ids: lowercase letters, digits, hyphens; a letter first; no hyphen last; at most 49. */
export const SERVICE_ID = /^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$/;
export const SERVICE_ID_RULE = "use 1–49 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen";

/** Whole vCPU values Cloud Run offers; below 1, any value from 0.08 in steps of 0.01. */
const WHOLE_CPUS: readonly number[] = [1, 2, 4, 6, 8];
const MIN_CPU = 0.08;
export const MAX_CPU = 8;

/**
 * 512 MiB is the floor of the second-generation execution environment. The first generation allows
 * 128 MiB, but Bulkhead keeps one floor for both (the "documented subset" this adapter offers).
 */
const MIN_MEMORY_MIB = 512;
export const MAX_MEMORY_MIB = 32 * 1024;

/** Default ceiling of max instances per revision; a quota increase can raise it, Bulkhead does not assume one. */
export const MAX_INSTANCES = 1000;
export const MAX_CONCURRENCY = 1000;
/** Cloud Run's default concurrency, sent explicitly so the plan shows it. */
export const DEFAULT_CONCURRENCY = 80;
/** Cloud Run allows this many services per region in a project (a quota). */
export const MAX_SERVICES_PER_REGION = 1000;

/** Set by Cloud Run itself in every container (container runtime contract); a revision may not set them. */
const RESERVED_ENV: readonly string[] = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"];

export const MAX_LABELS = 64;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

export interface SizeProblem {
  field: "cpu" | "memory";
  reason: string;
}

const mib = (value: number) => (value >= 1024 && value % 1024 === 0 ? `${value / 1024} GiB` : `${value} MiB`);

/** Whether Cloud Run offers this many vCPUs. */
function cpuOffered(cpu: number): boolean {
  if (cpu >= 1) return WHOLE_CPUS.includes(cpu);
  return cpu >= MIN_CPU && Math.abs(Math.round(cpu * 100) - cpu * 100) < 1e-9;
}

/** What Cloud Run says about one cpu/memory pair; empty when it accepts the pair. */
export function sizeProblems(cpu: number, memoryMiB: number): SizeProblem[] {
  const problems: SizeProblem[] = [];
  if (!cpuOffered(cpu)) {
    problems.push({ field: "cpu", reason: `Cloud Run offers ${WHOLE_CPUS.join(", ")} vCPU, or a fraction from ${MIN_CPU} to 1 in steps of 0.01; ${cpu} is not one of them` });
  }
  if (!(memoryMiB >= MIN_MEMORY_MIB && memoryMiB <= MAX_MEMORY_MIB)) {
    problems.push({ field: "memory", reason: `memory must be between ${mib(MIN_MEMORY_MIB)} and ${mib(MAX_MEMORY_MIB)}; ${mib(memoryMiB)} is outside` });
  }
  if (problems.length) return problems;

  // Fractional CPU caps memory (CPU limits page): < 0.5 vCPU → 512 MiB, < 1 vCPU → 1 GiB.
  if (cpu < 0.5 && memoryMiB > 512) problems.push({ field: "memory", reason: `less than 0.5 vCPU allows at most 512 MiB; ${cpu} vCPU with ${mib(memoryMiB)} is not offered` });
  else if (cpu < 1 && memoryMiB > 1024) problems.push({ field: "memory", reason: `less than 1 vCPU allows at most 1 GiB; ${cpu} vCPU with ${mib(memoryMiB)} is not offered` });

  // More memory needs more CPU (memory limits page).
  const neededCpu = memoryMiB > 24 * 1024 ? 8 : memoryMiB > 16 * 1024 ? 6 : memoryMiB > 8 * 1024 ? 4 : memoryMiB > 4 * 1024 ? 2 : 0;
  if (cpu >= 1 && cpu < neededCpu) problems.push({ field: "cpu", reason: `${mib(memoryMiB)} of memory needs at least ${neededCpu} vCPU; ${cpu} vCPU is too few` });

  // More CPU needs a memory floor (CPU limits page): 4 vCPU → 2 GiB, 6 and 8 vCPU → 4 GiB.
  const neededMemory = cpu >= 6 ? 4096 : cpu >= 4 ? 2048 : 0;
  if (memoryMiB < neededMemory) problems.push({ field: "memory", reason: `${cpu} vCPU needs at least ${mib(neededMemory)} of memory; ${mib(memoryMiB)} is too little` });
  return problems;
}

/** Google Cloud label rules, as the reason a label is refused; null when it is fine. */
export function labelProblem(key: string, value: string): string | null {
  if (!LABEL_KEY.test(key)) return `label key "${key}" must be 1–63 lowercase letters, digits, underscores or hyphens, starting with a letter`;
  if (!LABEL_VALUE.test(value)) return `label value of "${key}" must be at most 63 lowercase letters, digits, underscores or hyphens`;
  return null;
}

/** Environment variable names Cloud Run refuses, as the reason; null when it is fine. */
export function envNameProblem(name: string): string | null {
  if (!name) return "environment variable names must not be empty";
  if (name.includes("=")) return `environment variable name "${name}" must not contain "="`;
  if (RESERVED_ENV.includes(name)) return `${name} is set by Cloud Run itself and cannot be overridden`;
  return null;
}
