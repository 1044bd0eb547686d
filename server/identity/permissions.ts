import type { Role } from "@/server/db/generated/enums";
import { AccessDeniedError } from "@/server/errors";
import type { Actor } from "./actor";

// Who may do what, in one place: the procedures authorize with these functions, and the views answer the same
// functions' results as `can` flags, so a page never offers what the server would refuse, nor hides what it allows.

/**
 * What a role may do on the platform, whatever the team. The role-gated procedures are built from these
 * (server/trpc/init.ts: abilityProcedure), and identity.me answers them as `can` (platformCan below).
 */
export const PLATFORM_ABILITIES = {
  /** Add, edit, deprecate and revoke base images. */
  curateCatalog: ["operator"],
  /** Add and remove the keys whose image signatures are trusted, platform-wide or per team. */
  curateSigningKeys: ["operator"],
  /** Change any app's data classification (apps.setClassification), whatever the platform lets teams do. */
  reclassifyApps: ["operator"],
  /** See which apps and deployments each base image concerns. */
  seeCatalogImpact: ["operator", "compliance", "admin"],
  /** Read the platform policy, the teams' overrides and the plain-variable allowances. */
  readPolicy: ["operator", "compliance", "admin"],
  /** Change the platform policy, a team's encryption override and the plain-variable allowances. */
  editPolicy: ["operator"],
  /** Register, edit, rotate, test, disable, enable and delete targets. */
  manageTargets: ["operator"],
  /** See how Bulkhead reaches a target: its endpoint, which credentials it holds, the last connection check. */
  seeTargetConnections: ["operator", "compliance", "admin"],
  /** Search and read the audit trail and verify its chain. */
  readAudit: ["compliance", "admin"],
  /** Export a signed period of the audit trail. */
  exportAudit: ["compliance"],
  /** Manage people, teams, roles and invitations. */
  administer: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type PlatformAbility = keyof typeof PLATFORM_ABILITIES;

/** Whether the actor's role may do this on the platform. */
export function canDo(actor: Pick<Actor, "role">, ability: PlatformAbility): boolean {
  const roles: readonly Role[] = PLATFORM_ABILITIES[ability];
  return roles.includes(actor.role);
}

/** Developers see their own teams' resources; the platform roles look across teams. */
export function canReadTeam(actor: Actor, teamId: string): boolean {
  return actor.role !== "developer" || actor.teamIds.includes(teamId);
}

/** Only developers who belong to the team change its apps. */
export function canWriteTeamApps(actor: Actor, teamId: string): boolean {
  return actor.role === "developer" && actor.teamIds.includes(teamId);
}

/** A team's registry credentials are kept by its developers and by the platform's operators (who also keep targets'). */
export function canManageTeamRegistries(actor: Actor, teamId: string): boolean {
  return canWriteTeamApps(actor, teamId) || actor.role === "operator";
}

/** Asking the cloud what runs changes nothing: the team's developers and the platform's operators and admins may. */
export function canCheckDrift(actor: Actor, teamId: string): boolean {
  return canWriteTeamApps(actor, teamId) || actor.role === "operator" || actor.role === "admin";
}

/** Whether the actor may register apps in some team: creating one asks canWriteTeamApps of the team chosen. */
export function canCreateApps(actor: Actor): boolean {
  return actor.teamIds.some((teamId) => canWriteTeamApps(actor, teamId));
}

/** Whether the actor's lists span every team (rather than the actor's own teams). */
export function readsEveryTeam(actor: Actor): boolean {
  return readableTeamIds(actor) === undefined;
}

/** The `can` flags identity.me answers: what the pages may offer this actor, as the procedures decide it. */
export function platformCan(actor: Actor): Record<PlatformAbility, boolean> & { createApps: boolean; readEveryTeam: boolean } {
  return {
    curateCatalog: canDo(actor, "curateCatalog"),
    curateSigningKeys: canDo(actor, "curateSigningKeys"),
    reclassifyApps: canDo(actor, "reclassifyApps"),
    seeCatalogImpact: canDo(actor, "seeCatalogImpact"),
    readPolicy: canDo(actor, "readPolicy"),
    editPolicy: canDo(actor, "editPolicy"),
    manageTargets: canDo(actor, "manageTargets"),
    seeTargetConnections: canDo(actor, "seeTargetConnections"),
    readAudit: canDo(actor, "readAudit"),
    exportAudit: canDo(actor, "exportAudit"),
    administer: canDo(actor, "administer"),
    createApps: canCreateApps(actor),
    readEveryTeam: readsEveryTeam(actor),
  };
}

/** Team filter for list queries: undefined means all teams. */
export function readableTeamIds(actor: Actor): string[] | undefined {
  return actor.role === "developer" ? actor.teamIds : undefined;
}

/** App filter for list queries: an API token limited to some apps lists those only; undefined means no limit. */
export function readableAppIds(actor: Actor): string[] | undefined {
  return actor.token?.appIds ?? undefined;
}

/**
 * Throws unless `allowed` holds for the team. A team the actor may not even read is answered as
 * "<resource> not found" so its resources' existence does not leak; either way the attempt is audited
 * as denied (server/trpc/init.ts).
 */
export function requireTeam(
  actor: Actor,
  teamId: string,
  allowed: (actor: Actor, teamId: string) => boolean,
  attempt: { action: string; resourceType: string; resourceId?: string; reason: string },
  resource: string,
): void {
  if (allowed(actor, teamId)) return;
  throw new AccessDeniedError({ ...attempt, teamId }, canReadTeam(actor, teamId) ? null : { resource });
}
