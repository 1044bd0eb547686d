// The abilities a token can carry, and which owners may give them. A token never exceeds its owner: abilities
// only narrow what the owner's role allows (the role is still checked on every call), and an ability the role
// can never use is refused when the token is made, so a token's list says what it can really do.
import type { Role, TokenAbility } from "@/server/db/generated/enums";

export const ABILITIES = ["read", "deploy", "manage_apps", "audit_export"] as const satisfies readonly TokenAbility[];

export const abilityLabels: Record<TokenAbility, string> = {
  read: "read apps, deployments, targets and the catalog",
  deploy: "deploy, roll back, scale and destroy",
  manage_apps: "create and change apps, their secrets and link requests",
  audit_export: "read, verify and export the audit trail",
};

/** What each role's own tokens may carry: what that role may do at all. */
const personal: Record<Role, readonly TokenAbility[]> = {
  developer: ["read", "deploy", "manage_apps"],
  operator: ["read"],
  compliance: ["read", "audit_export"],
  admin: ["read"],
};

/** A team's service token acts as a developer of that team, never more. */
export const TEAM_TOKEN_ABILITIES: readonly TokenAbility[] = ["read", "deploy", "manage_apps"];

export const abilitiesForRole = (role: Role): readonly TokenAbility[] => personal[role];
