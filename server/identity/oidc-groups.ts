import type { Role } from "@/server/db/generated/enums";
import type { GroupMap } from "./oidc-config";

/**
 * When several groups map to different roles, the most privileged wins, in this order (highest first):
 * admin, operator, compliance, developer. Operators change platform settings everyone depends on;
 * compliance officers only read (everything, but change nothing); developers act inside their teams.
 */
export const ROLE_PRECEDENCE: readonly Role[] = ["admin", "operator", "compliance", "developer"];

export interface GroupResolution {
  role: Role;
  /** Union of the mapped teams' slugs, sorted. */
  teamSlugs: string[];
  /** The mapped teams a sign-in may create when they do not exist yet, by slug: their names. */
  creatable: Record<string, string>;
  /** The user's groups that the map knows, sorted: what the decision rests on. */
  matchedGroups: string[];
}

/**
 * The IdP's groups claim as a list of names. IdPs send an array of strings; some send one string for a
 * single group. Anything else (numbers, objects) is ignored rather than guessed at.
 */
export function groupsFromClaims(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/** Role and teams for these groups, or null when none of them is mapped (the user is refused). Pure. */
export function resolveGroups(groups: readonly string[], map: GroupMap): GroupResolution | null {
  const matchedGroups = [...new Set(groups.filter((group) => Object.hasOwn(map, group)))].sort();
  if (matchedGroups.length === 0) return null;
  const grants = matchedGroups.map((group) => map[group]);
  // A grant with only a team makes its members developers of that team.
  const roles = grants.map((grant) => grant.role ?? "developer");
  const role = ROLE_PRECEDENCE.find((candidate) => roles.includes(candidate))!;
  const teamSlugs = [...new Set(grants.flatMap((grant) => (grant.team ? [grant.team] : [])))].sort();
  const creatable = Object.fromEntries(grants.flatMap((grant) => (grant.team && grant.create ? [[grant.team, grant.teamName ?? grant.team]] : [])));
  return { role, teamSlugs, creatable, matchedGroups };
}
