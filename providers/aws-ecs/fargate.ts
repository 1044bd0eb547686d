// ECS-on-Fargate limits, from the ECS documentation, as the planner checks a spec against them before any
// cloud call. The emulator keeps its own table (emulator-limits.ts), so the two witness each other.

/** Task sizes Fargate offers, in CPU units (1024 units = 1 vCPU). */
export const FARGATE_CPU_UNITS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

/** Memory (MiB) allowed with each CPU size: a list, or a range walked in fixed steps. */
const MEMORY_BY_CPU: Record<number, number[] | { min: number; max: number; step: number }> = {
  256: [512, 1024, 2048],
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

export const FARGATE_MAX_MEMORY_MIB = 122880;

export function isFargateCpu(units: number): boolean {
  return (FARGATE_CPU_UNITS as readonly number[]).includes(units);
}

export function isFargatePair(cpuUnits: number, memoryMiB: number): boolean {
  const allowed = MEMORY_BY_CPU[cpuUnits];
  if (!allowed) return false;
  if (Array.isArray(allowed)) return allowed.includes(memoryMiB);
  return memoryMiB >= allowed.min && memoryMiB <= allowed.max && (memoryMiB - allowed.min) % allowed.step === 0;
}

/** "1024–4096 MiB in steps of 1024 MiB", for messages that tell the developer what would fit. */
export function fargateMemoryChoices(cpuUnits: number): string {
  const allowed = MEMORY_BY_CPU[cpuUnits];
  if (!allowed) return "none";
  if (Array.isArray(allowed)) return `${allowed.join(", ")} MiB`;
  return `${allowed.min}–${allowed.max} MiB in steps of ${allowed.step} MiB`;
}

/** Service names, task definition families and container names. */
export const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** Cluster names (or a cluster ARN, which ECS accepts wherever a cluster is named). */
export const ECS_CLUSTER = /^(?:[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255})$/;

/** A registered task definition may be at most 64 KiB. */
export const MAX_TASK_DEFINITION_BYTES = 65_536;
/** awsvpc network configuration limits. */
export const MAX_SUBNETS = 16;
export const MAX_SECURITY_GROUPS = 5;
/** Tasks one service may run (the default service quota). */
export const MAX_TASKS_PER_SERVICE = 5000;
/** CreateService's clientToken: up to 36 ASCII characters. */
export const MAX_CLIENT_TOKEN_LENGTH = 36;
/** Container image references: up to 255 characters. */
export const MAX_IMAGE_LENGTH = 255;

/** Tags: at most 50 per resource; keys 1–128 and values up to 256 of these characters; "aws:" is reserved. */
export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function tagProblem(key: string, value: string): string | undefined {
  if (key.length < 1 || key.length > 128) return "tag keys must be 1–128 characters long";
  if (value.length > 256) return "tag values must be at most 256 characters long";
  if (!TAG_TEXT.test(key) || !TAG_TEXT.test(value)) return "tags may contain only letters, digits, spaces and _ . : / = + - @";
  if (key.toLowerCase().startsWith("aws:")) return 'tag keys starting with "aws:" are reserved by AWS';
  return undefined;
}

/** Container health check bounds (seconds, or counts for retries). */
export const HEALTH_CHECK_LIMITS = {
  interval: [5, 300],
  timeout: [2, 60],
  retries: [1, 10],
  startPeriod: [0, 300],
} as const;
