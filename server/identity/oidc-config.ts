import { z } from "zod";
import { Role } from "@/server/db/generated/enums";
import { environment } from "@/server/config/env";

// Single sign-on settings, read from the environment and validated once. All-or-nothing: the issuer,
// client id and secret come together, or SSO stays off; a half-filled set stops the start with the
// missing names, so a typo never silently disables SSO or lets it run without its group map.

const teamSlug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a team slug (lowercase letters, digits, hyphens)");

/**
 * What one IdP group grants: a team membership, a role, or both. A team alone means the developer role. With
 * `create`, the team need not exist yet: the first sign-in that needs it creates it (named `teamName`).
 */
const groupGrant = z
  .object({ team: teamSlug.optional(), role: z.enum(Role).optional(), create: z.boolean().optional(), teamName: z.string().trim().min(2).max(80).optional() })
  .strict()
  .refine((grant) => grant.team !== undefined || grant.role !== undefined, "needs a team, a role or both")
  .refine((grant) => grant.team !== undefined || (grant.create === undefined && grant.teamName === undefined), "create and teamName need a team");

export type GroupGrant = z.infer<typeof groupGrant>;

const groupMap = z
  .record(z.string().min(1, "group names may not be empty"), groupGrant)
  .refine((map) => Object.keys(map).length > 0, "maps no group: nobody could sign in");

export type GroupMap = z.infer<typeof groupMap>;

const url = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const schema = z.object({
  BULKHEAD_OIDC_ISSUER: url.optional(),
  BULKHEAD_OIDC_CLIENT_ID: z.string().min(1).optional(),
  BULKHEAD_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  BULKHEAD_OIDC_DISPLAY_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  BULKHEAD_OIDC_GROUPS_CLAIM: z.string().trim().min(1).default("groups"),
  BULKHEAD_OIDC_SCOPES: z.string().trim().min(1).default("openid email profile"),
  BULKHEAD_OIDC_GROUP_MAP: z.string().optional(),
});

const REQUIRED = ["BULKHEAD_OIDC_ISSUER", "BULKHEAD_OIDC_CLIENT_ID", "BULKHEAD_OIDC_CLIENT_SECRET", "BULKHEAD_OIDC_GROUP_MAP"] as const;

export interface OidcConfig {
  /** better-auth provider id: the callback is /api/auth/callback/oidc. */
  providerId: "oidc";
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  groupsClaim: string;
  scopes: string[];
  groupMap: GroupMap;
}

export const OIDC_PROVIDER_ID = "oidc";

/** Parses BULKHEAD_OIDC_GROUP_MAP (JSON, see README) or throws naming the group and the field at fault. */
export function parseGroupMap(text: string): GroupMap {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`BULKHEAD_OIDC_GROUP_MAP is not valid JSON (${(error as Error).message}); expected e.g. {"storefront-devs":{"team":"storefront","role":"developer"}}`);
  }
  const parsed = groupMap.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length ? `"${issue.path.join(".")}"` : "the map"}: ${issue.message}`);
    throw new Error(`BULKHEAD_OIDC_GROUP_MAP: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** The SSO settings, null when SSO is not configured at all; throws on a partial or invalid set. */
export function oidcConfig(env: Record<string, string | undefined> = environment()): OidcConfig | null {
  const present = REQUIRED.filter((name) => env[name] !== undefined && env[name] !== "");
  if (present.length === 0) return null;
  const missing = REQUIRED.filter((name) => !present.includes(name));
  if (missing.length) throw new Error(`Single sign-on is half-configured: ${present.join(", ")} set but ${missing.join(", ")} missing`);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid single sign-on configuration: ${problems}`);
  }
  const settings = parsed.data;
  const issuer = settings.BULKHEAD_OIDC_ISSUER!.replace(/\/+$/, "");
  return {
    providerId: OIDC_PROVIDER_ID,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: settings.BULKHEAD_OIDC_CLIENT_ID!,
    clientSecret: settings.BULKHEAD_OIDC_CLIENT_SECRET!,
    displayName: settings.BULKHEAD_OIDC_DISPLAY_NAME,
    groupsClaim: settings.BULKHEAD_OIDC_GROUPS_CLAIM,
    scopes: settings.BULKHEAD_OIDC_SCOPES.split(/\s+/),
    groupMap: parseGroupMap(settings.BULKHEAD_OIDC_GROUP_MAP!),
  };
}

/** What the sign-in page needs to offer SSO: the button label, or null when SSO is off. Never the secret. */
export function ssoSignInOption(): { providerId: string; label: string } | null {
  const config = oidcConfig();
  return config ? { providerId: config.providerId, label: `Sign in with ${config.displayName}` } : null;
}
