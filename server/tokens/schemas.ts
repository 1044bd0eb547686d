import { z } from "zod";
import { TokenAbility } from "@/server/db/generated/enums";
import { DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS } from "./expiry";

// What the API takes to make, list and revoke tokens; the tokens page validates with the same schemas.

const tokenFields = z.object({
  name: z.string().trim().min(1, "Name the token (what uses it, e.g. the CI job)").max(100, "Name: at most 100 characters"),
  abilities: z
    .array(z.enum(TokenAbility, { error: "Abilities: read, deploy, manage_apps or audit_export" }))
    .min(1, "Give the token at least one ability")
    .max(4, "Abilities: each at most once")
    .refine((abilities) => new Set(abilities).size === abilities.length, "Abilities: each at most once"),
  /** Absent or empty: every app the owner may act on. */
  appIds: z.array(z.string().uuid("Not a valid app id")).max(50, "At most 50 apps; leave the list empty for all").optional(),
  /** Every token expires: 90 days unless asked otherwise, never more than a year. */
  expiresInDays: z.number().int("Expiry: a whole number of days").min(1, "Expiry: at least 1 day").max(MAX_EXPIRY_DAYS, `Expiry: at most ${MAX_EXPIRY_DAYS} days`).default(DEFAULT_EXPIRY_DAYS),
});

/** A token of one's own. */
export const createTokenInput = tokenFields;
export type CreateTokenInput = z.infer<typeof createTokenInput>;

/** A team's service token: owned by the team, so it outlives any one person's membership. */
export const createTeamTokenInput = tokenFields.extend({ teamId: z.string().uuid("Choose a team") });
export type CreateTeamTokenInput = z.infer<typeof createTeamTokenInput>;

export const revokeTokenInput = z.object({
  id: z.string().uuid("Not a valid token id"),
  reason: z.string().trim().max(500, "Reason: at most 500 characters").optional(),
});
export type RevokeTokenInput = z.infer<typeof revokeTokenInput>;

/** A token as lists and `tokens.current` show it: never its text, never its hash. */
export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["personal", "team"]),
  /** personal: the person; team: the team. */
  owner: z.object({ userId: z.string().nullable(), email: z.string().nullable(), team: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable() }),
  abilities: z.array(z.enum(TokenAbility)),
  /** The apps it is limited to; empty: every app the owner may act on. */
  apps: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  /** "bh_…" and the last four characters. */
  display: z.string(),
  status: z.enum(["active", "expired", "revoked"]),
  expiresAt: z.date(),
  createdAt: z.date(),
  createdBy: z.string(),
  lastUsedAt: z.date().nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.date().nullable(),
  revokedReason: z.string().nullable(),
  can: z.object({ revoke: z.boolean() }),
}).meta({ id: "Token" });
export type TokenView = z.infer<typeof tokenView>;
