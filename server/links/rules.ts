import type { Actor } from "@/server/identity/actor";

// Who may do what with a network link. PURE, so the service enforces and the UI shows buttons by the same rules.
//
// - Request: a developer of the caller app's team (the team that will open the route).
// - Approve or reject (four eyes): never the requester. A same-team link: another developer of that team, or an
//   operator or admin. A cross-team link: an operator or admin only, since no one team owns both ends.
// - Revoke (or withdraw a pending request): a developer of either app's team, or an operator or admin.
// - See: developers the links touching their teams' apps; the platform roles every link (as with apps).
// Compliance officers read, never act.

export interface LinkEnds {
  fromTeamId: string;
  toTeamId: string;
  requestedById: string;
}

const isPlatformAdmin = (actor: Actor) => actor.role === "operator" || actor.role === "admin";
const developerOf = (actor: Actor, teamId: string) => actor.role === "developer" && actor.teamIds.includes(teamId);

export function canSeeLink(actor: Actor, link: Omit<LinkEnds, "requestedById">): boolean {
  return actor.role !== "developer" || actor.teamIds.includes(link.fromTeamId) || actor.teamIds.includes(link.toTeamId);
}

export function canRequestLink(actor: Actor, fromTeamId: string): boolean {
  return developerOf(actor, fromTeamId);
}

/** Why the actor may not approve or reject, or null when they may. */
export function decideRefusal(actor: Actor, link: LinkEnds): string | null {
  if (actor.userId === link.requestedById) return "the requester cannot decide their own link request (four eyes): another team member or an operator must";
  if (isPlatformAdmin(actor)) return null;
  if (link.fromTeamId !== link.toTeamId) return "a link between two teams is approved by an operator or an admin";
  if (developerOf(actor, link.fromTeamId)) return null;
  return "only another developer of the team, an operator or an admin may decide this link";
}

export function canRevokeLink(actor: Actor, link: Omit<LinkEnds, "requestedById">): boolean {
  return isPlatformAdmin(actor) || developerOf(actor, link.fromTeamId) || developerOf(actor, link.toTeamId);
}
