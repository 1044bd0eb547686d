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

/** Team filter for list queries: undefined means all teams. */
export function readableTeamIds(actor: Actor): string[] | undefined {
  return actor.role === "developer" ? actor.teamIds : undefined;
}
