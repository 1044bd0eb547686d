import type { Role } from "@/server/db/generated/enums";
import type { ProcedurePath } from "@/server/trpc/procedure-paths";

// Who may call which procedure, declared once. authorization-matrix.int.test.ts enumerates the router
// and calls every procedure as every role on its own team's and a foreign team's resources, and fails
// for a procedure without an entry here. A new procedure needs one line below (and a call in that test).

export const ROLES = ["developer", "operator", "compliance", "admin"] as const satisfies readonly Role[];

/** "area.name" of every procedure (server/trpc/procedure-paths.ts): an entry naming no procedure does not compile. */
export type { ProcedurePath };

/**
 * What a call answers:
 * - allowed: it goes through (a domain refusal such as BAD_REQUEST or CONFLICT still counts as allowed);
 * - filtered: it goes through but shows nothing of the foreign team (lists);
 * - forbidden: FORBIDDEN, audited as denied;
 * - not-found: NOT_FOUND, audited as denied: the resource's existence is hidden from outsiders.
 */
export type Outcome = "allowed" | "filtered" | "forbidden" | "not-found";
export type TeamOutcome = Outcome | { own: Outcome; foreign: Outcome };

export type MatrixEntry =
  /** The procedure concerns no team's resource (the catalog, targets, the audit trail, the platform policy). */
  | ({ team: false; signedOut: "unauthorized" | "allowed" } & Record<Role, Outcome>)
  /** It reads or changes a team's resource: own = a team the caller belongs to, foreign = any other team. */
  | ({ team: true; signedOut: "unauthorized" } & Record<Role, TeamOutcome>);

export type AuthorizationMatrix = Partial<Record<ProcedurePath, MatrixEntry>>;

/** Roles named may call it; everyone else is refused (FORBIDDEN). Signed-out callers: UNAUTHORIZED. */
const only = (...roles: Role[]): Extract<MatrixEntry, { team: false }> => ({
  team: false,
  signedOut: "unauthorized",
  ...(Object.fromEntries(ROLES.map((role) => [role, roles.includes(role) ? "allowed" : "forbidden"])) as Record<Role, Outcome>),
});
const signedIn = only(...ROLES);
const anyone: MatrixEntry = { ...signedIn, signedOut: "allowed" };
/** Developers read their own teams only; the platform roles read every team. */
const teamRead: MatrixEntry = { team: true, signedOut: "unauthorized", developer: { own: "allowed", foreign: "not-found" }, operator: "allowed", compliance: "allowed", admin: "allowed" };
const teamList: MatrixEntry = { ...teamRead, developer: { own: "allowed", foreign: "filtered" } };
/** Only developers of the team change its apps and deployments; platform roles see them but may not. */
const teamWrite: MatrixEntry = { team: true, signedOut: "unauthorized", developer: { own: "allowed", foreign: "not-found" }, operator: "forbidden", compliance: "forbidden", admin: "forbidden" };

const linkDecision: MatrixEntry = { ...teamWrite, operator: "allowed", admin: "allowed" };
/** A break-glass override is decided by an operator or admin, never by the team's developers (four eyes). */
const overrideDecision: MatrixEntry = { ...teamWrite, developer: { own: "forbidden", foreign: "not-found" }, operator: "allowed", admin: "allowed" };

export const authorizationMatrix = {
  "apps.list": teamList,
  "apps.get": teamRead,
  "apps.create": teamWrite,
  "apps.update": teamWrite,
  "apps.delete": teamWrite,
  // Operators set any app's classification; developers change their own apps' through apps.update, if policy lets them.
  "apps.setClassification": { ...teamWrite, developer: "forbidden", operator: "allowed" },

  // Compliance officers and admins read the trail; nobody changes it.
  "audit.list": only("compliance", "admin"),
  "audit.get": only("compliance", "admin"),
  "audit.proof": only("compliance", "admin"),
  "audit.startVerification": only("compliance", "admin"),
  "audit.verification": only("compliance", "admin"),
  "audit.publicKey": only("compliance", "admin"),
  "audit.publicKeys": only("compliance", "admin"),

  "catalog.list": signedIn,
  "catalog.runsOn": teamList,
  "catalog.impact": only("operator", "compliance", "admin"),
  "catalog.create": only("operator"),
  "catalog.update": only("operator"),
  "catalog.deprecate": only("operator"),
  "catalog.restrict": only("operator"),
  "catalog.revoke": only("operator"),

  // A team's registry credentials: its developers and the operators keep them; everyone who reads the team sees which.
  "registries.list": teamList,
  "registries.set": { ...teamWrite, operator: "allowed" },
  "registries.delete": { ...teamWrite, operator: "allowed" },

  // Operators curate the keys image signatures are verified against; public keys, so anyone signed in reads them
  // (developers: the platform's and their teams').
  "signingKeys.list": signedIn,
  "signingKeys.add": only("operator"),
  "signingKeys.remove": only("operator"),

  "deployments.list": teamList,
  "deployments.nonCompliant": teamList,
  "deployments.get": teamRead,
  "deployments.compliance": teamRead,
  "deployments.preview": teamWrite,
  "deployments.deploy": teamWrite,
  "deployments.rollback": teamWrite,
  "deployments.scale": teamWrite,
  "deployments.destroy": teamWrite,
  "deployments.reapply": teamWrite,
  // Reading the cloud back changes nothing: the team's developers, and the platform's operators and admins.
  "deployments.checkDrift": { ...teamWrite, operator: "allowed", admin: "allowed" },
  "deployments.drifted": teamList,
  // What the cloud says (logs, events, state now) is read by everyone who reads the deployment; downloading is audited.
  "deployments.logs": teamRead,
  "deployments.exportLogs": teamRead,
  "deployments.cloudEvents": teamRead,
  "deployments.liveState": teamRead,

  "identity.me": signedIn,
  "identity.directory": only("admin"),
  "identity.demoAccounts": anyone,
  "identity.ssoSignIn": anyone,
  "identity.setRole": only("admin"),
  "identity.setMemberships": only("admin"),
  "identity.deactivate": only("admin"),
  "identity.reactivate": only("admin"),
  "identity.createTeam": only("admin"),
  "identity.renameTeam": only("admin"),
  "identity.archiveTeam": only("admin"),
  "identity.restoreTeam": only("admin"),
  "identity.invite": only("admin"),
  "identity.revokeInvitation": only("admin"),
  // The invitation link is the credential: whoever holds it, signed in or not, may look at it and accept it.
  "identity.invitation": anyone,
  "identity.acceptInvitation": anyone,

  // Who decides a link is server/links/rules.ts: another developer of the team (four eyes) for a link
  // inside one team, an operator or admin for any link; compliance officers only read.
  "links.forApp": teamRead,
  "links.pending": teamList,
  "links.callees": teamList,
  "links.request": teamWrite,
  "links.approve": linkDecision,
  "links.reject": linkDecision,
  "links.revoke": linkDecision,

  "overrides.list": teamList,
  "overrides.forDeployment": teamRead,
  "overrides.forApp": teamRead,
  "overrides.request": teamWrite,
  "overrides.approve": overrideDecision,
  "overrides.reject": overrideDecision,

  "policy.get": only("operator", "compliance", "admin"),
  "policy.setPlatform": only("operator"),
  "policy.impact": only("operator"),
  // A team's override, but set by the platform's operators for any team.
  "policy.teamOverrideImpact": { team: true, signedOut: "unauthorized", developer: "forbidden", operator: "allowed", compliance: "forbidden", admin: "forbidden" },
  "policy.setTeamOverride": { team: true, signedOut: "unauthorized", developer: "forbidden", operator: "allowed", compliance: "forbidden", admin: "forbidden" },
  "policy.plainEnvAllowances": only("operator", "compliance", "admin"),
  // A team's allow-list, but kept by the platform's operators for any team.
  "policy.allowPlainEnv": { team: true, signedOut: "unauthorized", developer: "forbidden", operator: "allowed", compliance: "forbidden", admin: "forbidden" },
  "policy.revokePlainEnv": { team: true, signedOut: "unauthorized", developer: "forbidden", operator: "allowed", compliance: "forbidden", admin: "forbidden" },

  // Write-only: names, versions and fingerprints are read like the app; values never leave the server.
  "secrets.list": teamRead,
  "secrets.set": teamWrite,
  "secrets.delete": teamWrite,

  "targets.list": signedIn,
  "targets.get": signedIn,
  "targets.providers": signedIn,
  "targets.create": only("operator"),
  "targets.update": only("operator"),
  "targets.rotateCredentials": only("operator"),
  "targets.testConnection": only("operator"),
  "targets.connectionCheck": only("operator"),
  "targets.disable": only("operator"),
  "targets.enable": only("operator"),
  "targets.delete": only("operator"),

  // Everyone keeps tokens of their own (capped by their role); a team's service tokens are kept by its developers,
  // operators and admins, and seen by compliance officers. What tokens themselves may call: server/tokens/grants.ts.
  "tokens.list": teamList,
  "tokens.create": signedIn,
  "tokens.createForTeam": { team: true, signedOut: "unauthorized", developer: { own: "allowed", foreign: "not-found" }, operator: "allowed", compliance: "forbidden", admin: "allowed" },
  "tokens.revoke": { team: true, signedOut: "unauthorized", developer: { own: "allowed", foreign: "not-found" }, operator: "allowed", compliance: "forbidden", admin: "allowed" },
  "tokens.current": signedIn,
} satisfies AuthorizationMatrix;

/** The declared outcome for a role on own or foreign resources ("own" for procedures that concern no team). */
export function expectedOutcome(entry: MatrixEntry, role: Role, scope: "own" | "foreign"): Outcome {
  const rule: TeamOutcome = entry[role];
  return typeof rule === "string" ? rule : rule[scope];
}

/**
 * Differences between the router's procedures and the matrix's entries, one sentence each, naming the
 * procedure: empty when every procedure has exactly one entry.
 */
export function matrixProblems(procedurePaths: readonly string[], matrix: Readonly<Record<string, MatrixEntry | undefined>>): string[] {
  const declared = new Set(Object.keys(matrix).filter((path) => matrix[path]));
  const procedures = new Set(procedurePaths);
  return [
    ...[...procedures].filter((path) => !declared.has(path)).map((path) => `procedure ${path} has no entry in testing/authorization-matrix.ts`),
    ...[...declared].filter((path) => !procedures.has(path)).map((path) => `matrix entry ${path} names no procedure of the router`),
  ];
}
