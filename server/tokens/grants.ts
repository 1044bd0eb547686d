// What an API token may call: each procedure a token can reach, the abilities that grant it, and which app it
// acts on, so a token limited to some apps stays within them. A procedure missing here is for people only
// (signing in, managing people, tokens, the catalog, targets and policy, deciding links): tokens are refused it.
// Checked by server/trpc/init.ts before the procedure runs; the owner's role is still checked by the service.
import { db } from "@/server/db/client";
import type { TokenAbility } from "@/server/db/generated/enums";
import { AccessDeniedError } from "@/server/errors";
import type { Actor, TokenGrant } from "@/server/identity/actor";
import type { ProcedurePath } from "@/server/trpc/procedure-paths";
import { canReadTeam } from "@/server/identity/permissions";

type AppRow = { id: string; teamId: string } | null;

/**
 * Which app a call acts on:
 * - none: no app (targets, the catalog, who am I);
 * - list: a list, which the service narrows to the token's apps (permissions.readableAppIds);
 * - every-app: something beyond any one app (a new app, every team's deployments, the audit trail): refused to a
 *   token limited to apps;
 * - a function: the one app named by the input; a token limited to apps may call it for those only.
 */
export type AppScope = "none" | "list" | "every-app" | ((input: Record<string, unknown>) => Promise<AppRow>);

export interface Grant {
  abilities: readonly TokenAbility[];
  apps: AppScope;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The id at `key` when it can be one; anything else is left for the input schema to refuse, naming the field. */
const idAt = (input: Record<string, unknown>, key: string) => (typeof input[key] === "string" && uuid.test(input[key]) ? input[key] : null);

const app =
  (key: string): AppScope =>
  async (input) => {
    const id = idAt(input, key);
    return id ? db().app.findUnique({ where: { id }, select: { id: true, teamId: true } }) : null;
  };

const deploymentApp =
  (key: string): AppScope =>
  async (input) => {
    const id = idAt(input, key);
    const deployment = id ? await db().deployment.findUnique({ where: { id }, select: { appId: true, teamId: true } }) : null;
    return deployment && { id: deployment.appId, teamId: deployment.teamId };
  };
const appOfDeployment = deploymentApp("id");

const ALL = ["read", "deploy", "manage_apps", "audit_export"] as const;
const READ_APPS = ["read", "deploy", "manage_apps"] as const;

export const tokenGrants: Partial<Record<ProcedurePath | "audit.export" | "audit.exportManifest" | "deployments.followLogs", Grant>> = {
  "identity.me": { abilities: ALL, apps: "none" },
  "tokens.current": { abilities: ALL, apps: "none" },

  "apps.list": { abilities: READ_APPS, apps: "list" },
  "apps.get": { abilities: READ_APPS, apps: app("id") },
  "apps.create": { abilities: ["manage_apps"], apps: "every-app" },
  "apps.update": { abilities: ["manage_apps"], apps: app("id") },
  "apps.delete": { abilities: ["manage_apps"], apps: app("id") },

  "catalog.list": { abilities: ["read", "manage_apps"], apps: "none" },
  "catalog.impact": { abilities: ["read"], apps: "every-app" },
  "catalog.runsOn": { abilities: ["read"], apps: "list" },
  "targets.list": { abilities: READ_APPS, apps: "none" },
  "policy.get": { abilities: ["read"], apps: "every-app" },
  "policy.plainEnvAllowances": { abilities: ["read"], apps: "every-app" },

  "deployments.list": { abilities: ["read", "deploy"], apps: "list" },
  "deployments.nonCompliant": { abilities: ["read", "deploy"], apps: "every-app" },
  "deployments.get": { abilities: ["read", "deploy"], apps: appOfDeployment },
  "deployments.compliance": { abilities: ["read", "deploy"], apps: appOfDeployment },
  "deployments.preview": { abilities: ["read", "deploy"], apps: app("appId") },
  "deployments.deploy": { abilities: ["deploy"], apps: app("appId") },
  "deployments.rollback": { abilities: ["deploy"], apps: appOfDeployment },
  "deployments.scale": { abilities: ["deploy"], apps: appOfDeployment },
  "deployments.destroy": { abilities: ["deploy"], apps: appOfDeployment },
  "deployments.reapply": { abilities: ["deploy"], apps: appOfDeployment },
  "deployments.checkDrift": { abilities: ["deploy"], apps: appOfDeployment },
  "deployments.drifted": { abilities: ["read", "deploy"], apps: "every-app" },
  "deployments.logs": { abilities: ["read", "deploy"], apps: appOfDeployment },
  "deployments.exportLogs": { abilities: ["read", "deploy"], apps: appOfDeployment },
  "deployments.cloudEvents": { abilities: ["read", "deploy"], apps: appOfDeployment },
  "deployments.liveState": { abilities: ["read", "deploy"], apps: appOfDeployment },
  "deployments.followLogs": { abilities: ["read", "deploy"], apps: appOfDeployment },

  "secrets.list": { abilities: ["read", "manage_apps"], apps: app("appId") },
  "secrets.set": { abilities: ["manage_apps"], apps: app("appId") },
  "secrets.delete": { abilities: ["manage_apps"], apps: app("appId") },

  // Break-glass is asked for and decided by people; automation may read where an override stands.
  "overrides.forDeployment": { abilities: ["read", "deploy"], apps: deploymentApp("deploymentId") },
  "overrides.forApp": { abilities: ["read", "deploy"], apps: app("appId") },

  "links.forApp": { abilities: ["read", "manage_apps"], apps: app("appId") },
  "links.callees": { abilities: ["read", "manage_apps"], apps: app("appId") },
  "links.pending": { abilities: ["read"], apps: "every-app" },
  // Requests only: deciding a link is four eyes, two people.
  "links.request": { abilities: ["manage_apps"], apps: app("fromAppId") },

  "audit.list": { abilities: ["audit_export"], apps: "every-app" },
  "audit.get": { abilities: ["audit_export"], apps: "every-app" },
  "audit.proof": { abilities: ["audit_export"], apps: "every-app" },
  "audit.publicKey": { abilities: ["audit_export"], apps: "every-app" },
  "audit.publicKeys": { abilities: ["audit_export"], apps: "every-app" },
  "audit.startVerification": { abilities: ["audit_export"], apps: "every-app" },
  "audit.verification": { abilities: ["audit_export"], apps: "every-app" },
  "audit.export": { abilities: ["audit_export"], apps: "every-app" },
  "audit.exportManifest": { abilities: ["audit_export"], apps: "every-app" },
};

const named = (token: TokenGrant) => `token "${token.name}" (${token.id})`;

/**
 * Throws (403, audited as denied by the middleware) unless the actor's token may make this call: an ability that
 * grants the procedure, and, for a token limited to apps, the app the input names. Another team's app is "not
 * found", as for people. `rawInput` is the input before the schema: an id that is not one is left for the schema.
 */
export async function requireTokenAllows(actor: Actor & { token: TokenGrant }, path: string, rawInput: unknown): Promise<void> {
  const { token } = actor;
  const grant = tokenGrants[path as keyof typeof tokenGrants];
  const attempt = { action: path, resourceType: "procedure", resourceId: path };
  if (!grant) throw new AccessDeniedError({ ...attempt, reason: `${named(token)} may not call ${path}: it is for people signed in` });
  if (!grant.abilities.some((ability) => token.abilities.includes(ability))) {
    throw new AccessDeniedError({ ...attempt, reason: `${named(token)} may not call ${path}: it needs the ${grant.abilities.join(" or ")} ability, the token has ${token.abilities.join(", ")}` });
  }
  if (!token.appIds || grant.apps === "none" || grant.apps === "list") return;
  if (grant.apps === "every-app") throw new AccessDeniedError({ ...attempt, reason: `${named(token)} is limited to some apps, and ${path} concerns more than one` });
  const target = await grant.apps(rawInput !== null && typeof rawInput === "object" ? (rawInput as Record<string, unknown>) : {});
  if (!target || token.appIds.includes(target.id)) return;
  const denied = { action: path, resourceType: "app", resourceId: target.id, teamId: target.teamId, reason: `${named(token)} is limited to other apps` };
  throw new AccessDeniedError(denied, canReadTeam(actor, target.teamId) ? null : { resource: "App" });
}
