import { AccessDeniedError } from "@/server/errors";
import type { Actor } from "./actor";

// Team-scoped rules in one place so routers, services and (later) the authorization matrix agree.

/** Developers see their own teams' resources; the platform roles look across teams. */
export function canReadTeam(actor: Actor, teamId: string): boolean {
  return actor.role !== "developer" || actor.teamIds.includes(teamId);
}

/** Only developers who belong to the team change its apps. */
export function canWriteTeamApps(actor: Actor, teamId: string): boolean {
  return actor.role === "developer" && actor.teamIds.includes(teamId);
}

/** Asking the cloud what runs changes nothing: the team's developers and the platform's operators and admins may. */
export function canCheckDrift(actor: Actor, teamId: string): boolean {
  return canWriteTeamApps(actor, teamId) || actor.role === "operator" || actor.role === "admin";
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
