import { z } from "zod";

// What a developer asks for when deploying. Provider-specific rules (Fargate sizes, name lengths...)
// are checked next by the target's adapter; both run before any cloud call.

export const imageReference = z
  .string()
  .trim()
  .max(512, "Image reference is too long")
  .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*@sha256:[a-f0-9]{64}$/, "Pin the image by digest: registry/repository@sha256:<64 hex digits> (tags such as :latest can change under you)");

/** Longest plain variable value; secrets (server/secrets) take up to 64 KiB. */
export const MAX_ENV_VALUE = 4096;

export const envName = z.string().max(128, "Variable names: at most 128 characters").regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "Variable names: letters, digits and underscores, not starting with a digit");

const instanceRule = { path: ["minInstances"], message: "Minimum instances cannot exceed maximum instances" };

export const settingsShape = z.object({
  image: imageReference,
  cpu: z.number().positive("CPU must be more than 0").max(16, "CPU: at most 16 vCPU"),
  memoryMiB: z.number().int("Memory is a whole number of MiB").min(128, "Memory: at least 128 MiB").max(122_880, "Memory: at most 120 GiB"),
  port: z.number().int("Port is a whole number").min(1, "Port must be between 1 and 65535").max(65_535, "Port must be between 1 and 65535"),
  env: z.record(envName, z.string().max(MAX_ENV_VALUE, `Values: at most ${MAX_ENV_VALUE} characters`)).default({}),
  minInstances: z.number().int().min(0, "Minimum instances cannot be negative").max(100),
  maxInstances: z.number().int().min(1, "Maximum instances must be at least 1").max(100, "Maximum instances: at most 100"),
  ingress: z.enum(["public", "internal"]),
  healthCheckPath: z.string().max(1024, "Health check path: at most 1024 characters").regex(/^\/[A-Za-z0-9._~/-]*$/, "Health check path starts with / and has no spaces or query"),
});
export type DeploymentSettings = z.infer<typeof settingsShape>;

/** Why a revision is made: the command that made it. */
export const REVISION_REASONS = ["deploy", "redeploy", "rollback", "scale", "links", "secret", "reapply"] as const;

/** A refused deploy as its denied audit event keeps it (`after.request`), so a break-glass override can run it again. */
export const refusedRequest = z.object({
  appId: z.string(),
  targetId: z.string(),
  deploymentId: z.string().nullable(),
  reason: z.enum(REVISION_REASONS),
  settings: settingsShape,
});
export type RefusedRequest = z.infer<typeof refusedRequest>;

/** Flat, so each setting's error lands on its own form field. */
export const deployInput = settingsShape
  .extend({ appId: z.string().uuid("Not a valid app id"), targetId: z.string().uuid("Choose a target") })
  .refine((s) => s.minInstances <= s.maxInstances, instanceRule);
export type DeployInput = z.infer<typeof deployInput>;

export const deploymentIdInput = z.object({ id: z.string().uuid("Not a valid deployment id") });

export const rollbackInput = z.object({ id: z.string().uuid(), toRevision: z.number().int().min(1) });

export const scaleInput = z
  .object({ id: z.string().uuid(), minInstances: z.number().int().min(0).max(100), maxInstances: z.number().int().min(1).max(100) })
  .refine((s) => s.minInstances <= s.maxInstances, instanceRule);

/** Newest first; `limit` rows (a page), at most 200. */
export const listDeploymentsInput = z
  .object({ appId: z.string().uuid().optional(), limit: z.number().int().min(1, "Limit: at least 1").max(200, "Limit: at most 200").optional() })
  .default({});
