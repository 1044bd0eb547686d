import { z } from "zod";
import { envName } from "@/server/deployments/schemas";

// What the API takes for app secrets and plain-variable allowances; the forms validate with the same schemas.

/** Secrets Manager's and Secret Manager's own ceiling for one value. */
export const MAX_SECRET_BYTES = 64 * 1024;

const appId = z.string().uuid("Not a valid app id");
/** Absent: the secret applies on every target that has none of its own by the name. */
const targetId = z.string().uuid("Choose a target").optional();

export const listSecretsInput = z.object({ appId });

export const setSecretInput = z.object({
  appId,
  name: envName,
  value: z
    .string()
    .min(1, "Enter the secret's value")
    // Characters first (never more than bytes), so an oversized value is refused before it is measured.
    .max(MAX_SECRET_BYTES, `A secret's value is at most ${MAX_SECRET_BYTES / 1024} KiB`)
    .refine((value) => Buffer.byteLength(value, "utf8") <= MAX_SECRET_BYTES, `A secret's value is at most ${MAX_SECRET_BYTES / 1024} KiB`),
  targetId,
});
export type SetSecretInput = z.infer<typeof setSecretInput>;

export const secretKeyInput = z.object({ appId, name: envName, targetId });
export type SecretKeyInput = z.infer<typeof secretKeyInput>;

const teamId = z.string().uuid("Choose a team");

export const allowPlainEnvInput = z.object({
  teamId,
  name: envName,
  reason: z.string().trim().min(1, "Say why this variable may be plain text").max(500, "Reason: at most 500 characters"),
});
export type AllowPlainEnvInput = z.infer<typeof allowPlainEnvInput>;

export const plainEnvKeyInput = z.object({ teamId, name: envName });
