// The limits the ECS emulator enforces, written from the Amazon ECS documentation. The emulator is a witness
// independent of Bulkhead's planner, so it keeps its own table and never reads fargate.ts: a limit the planner
// gets wrong is then refused here as ECS would refuse it.

/**
 * Task sizes on Fargate: CPU units → the memory (MiB) each allows, as a list or a range in steps.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const FARGATE_SIZES: Record<number, { memory: number[] } | { from: number; to: number; step: number }> = {
  256: { memory: [512, 1024, 2048] },
  512: { from: 1024, to: 4096, step: 1024 },
  1024: { from: 2048, to: 8192, step: 1024 },
  2048: { from: 4096, to: 16384, step: 1024 },
  4096: { from: 8192, to: 30720, step: 1024 },
  8192: { from: 16384, to: 61440, step: 4096 },
  16384: { from: 32768, to: 122880, step: 8192 },
};

/** Whether Fargate offers this task size. */
export function fargateOffers(cpuUnits: number, memoryMiB: number): boolean {
  const size = FARGATE_SIZES[cpuUnits];
  if (!size) return false;
  if ("memory" in size) return size.memory.includes(memoryMiB);
  return memoryMiB >= size.from && memoryMiB <= size.to && (memoryMiB - size.from) % size.step === 0;
}

/**
 * Family, container and service names: up to 255 letters, digits, hyphens and underscores (RegisterTaskDefinition
 * and CreateService API references).
 */
export const NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** "The maximum size of a task definition is 64 KiB" (Amazon ECS service quotas). */
export const TASK_DEFINITION_MAX_BYTES = 64 * 1024;
/** ContainerDefinition.image: "Up to 255 letters (uppercase and lowercase), numbers, hyphens, …". */
export const IMAGE_MAX_LENGTH = 255;
/** AwsVpcConfiguration: "All specified subnets must be from the same VPC. You can specify up to 16 subnets" and "up to 5 security groups". */
export const SUBNETS_MAX = 16;
export const SECURITY_GROUPS_MAX = 5;
/** "Tasks per service": 5,000 (Amazon ECS service quotas). */
export const TASKS_PER_SERVICE_MAX = 5000;
/** CreateService.clientToken: "Up to 36 ASCII characters in the range of 33-126 (inclusive) are allowed." */
export const CLIENT_TOKEN_MAX_LENGTH = 36;

/**
 * HealthCheck (ECS API reference): interval 5–300 s, timeout 2–60 s, retries 1–10, startPeriod 0–300 s.
 */
export const HEALTH_CHECK_BOUNDS: Record<"interval" | "timeout" | "retries" | "startPeriod", [number, number]> = {
  interval: [5, 300],
  timeout: [2, 60],
  retries: [1, 10],
  startPeriod: [0, 300],
};

/**
 * Tagging your Amazon ECS resources, "Tag restrictions": at most 50 tags; keys 1–128 and values up to 256
 * characters of letters, numbers, spaces and + - = . _ : / @; the prefix aws: is reserved.
 */
export const TAGS_MAX = 50;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function tagRefusal(key: string, value: string): string | undefined {
  if (key.length === 0 || key.length > 128) return "tag keys must be 1–128 characters long";
  if (value.length > 256) return "tag values must be at most 256 characters long";
  if (!TAG_CHARACTERS.test(key) || !TAG_CHARACTERS.test(value)) return "tags may contain only letters, digits, spaces and _ . : / = + - @";
  if (/^aws:/i.test(key)) return 'tag keys starting with "aws:" are reserved by AWS';
  return undefined;
}
