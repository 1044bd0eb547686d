// API tokens: made (shown once), listed and revoked by people, each change audited with the token's id in the same
// transaction. Who may do what: a person's own tokens are theirs (admins may revoke any); a team's service tokens
// are made and revoked by its developers and by operators and admins, and seen by everyone who sees the team.
import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { Role, TokenAbility } from "@/server/db/generated/enums";
import { recordAudit } from "@/server/audit/record";
import { AccessDeniedError, InvalidInputError, NotFoundError, ConflictError } from "@/server/errors";
import type { Actor, Caller } from "@/server/identity/actor";
import { readableTeamIds, requireTeam } from "@/server/identity/permissions";
import { abilitiesForRole, abilityLabels, TEAM_TOKEN_ABILITIES } from "./abilities";
import { displayToken, newToken } from "./format";
import type { CreateTeamTokenInput, CreateTokenInput, RevokeTokenInput, TokenView } from "./schemas";

const tokenSelect = {
  id: true,
  name: true,
  lastFour: true,
  userId: true,
  teamId: true,
  abilities: true,
  appIds: true,
  expiresAt: true,
  createdAt: true,
  createdByEmail: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  revokedReason: true,
  user: { select: { email: true } },
  team: { select: { id: true, slug: true, name: true } },
} satisfies Prisma.ApiTokenSelect;
type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSelect }>;

const RESOURCE = "api-token";
const DAY_MS = 86_400_000;

/** Operators and admins keep every team's service tokens; developers their own teams'. */
export function canManageTeamTokens(actor: Actor, teamId: string): boolean {
  return actor.role === "operator" || actor.role === "admin" || (actor.role === "developer" && actor.teamIds.includes(teamId));
}

function canRevoke(actor: Actor, token: Pick<TokenRow, "userId" | "teamId">): boolean {
  if (token.userId) return token.userId === actor.userId || actor.role === "admin";
  return canManageTeamTokens(actor, token.teamId!);
}

function statusOf(token: Pick<TokenRow, "revokedAt" | "expiresAt">, now = new Date()): TokenView["status"] {
  if (token.revokedAt) return "revoked";
  return token.expiresAt <= now ? "expired" : "active";
}

function view(token: TokenRow, actor: Actor, appNames: Map<string, string>): TokenView {
  return {
    id: token.id,
    name: token.name,
    kind: token.userId ? "personal" : "team",
    owner: { userId: token.userId, email: token.user?.email ?? null, team: token.team },
    abilities: token.abilities,
    apps: token.appIds.map((id) => ({ id, name: appNames.get(id) ?? null })),
    display: displayToken(token.lastFour),
    status: statusOf(token),
    expiresAt: token.expiresAt,
    createdAt: token.createdAt,
    createdBy: token.createdByEmail,
    lastUsedAt: token.lastUsedAt,
    lastUsedIp: token.lastUsedIp,
    revokedAt: token.revokedAt,
    revokedReason: token.revokedReason,
    can: { revoke: !token.revokedAt && canRevoke(actor, token) },
  };
}

async function views(tx: Tx, actor: Actor, tokens: TokenRow[]): Promise<TokenView[]> {
  const ids = [...new Set(tokens.flatMap((token) => token.appIds))];
  const apps = ids.length ? await tx.app.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(apps.map((app) => [app.id, app.name]));
  return tokens.map((token) => view(token, actor, names));
}

/** What the audit trail keeps of a token: everything but its text and hash (neither ever leaves this module). */
function snapshot(token: TokenView) {
  const { can: _can, display: _display, ...rest } = token;
  return rest;
}

/** Abilities beyond what the owner may ever do are refused, naming each. */
function requireAbilities(abilities: TokenAbility[], allowed: readonly TokenAbility[], owner: string) {
  const beyond = abilities.filter((ability) => !allowed.includes(ability));
  if (beyond.length) {
    const said = beyond.map((ability) => `${ability} (${abilityLabels[ability]})`).join(", ");
    throw new InvalidInputError([{ field: "abilities", message: `${owner} cannot ${beyond.length === 1 ? "have" : "have these"}: ${said}; a token may do only what its owner may` }]);
  }
}

/** App limits name apps of the owner's teams only (so only developers' and team tokens have them). */
async function requireApps(tx: Tx, appIds: string[], teamIds: string[]) {
  if (!appIds.length) return;
  const found = await tx.app.findMany({ where: { id: { in: appIds }, teamId: { in: teamIds } }, select: { id: true } });
  const known = new Set(found.map((app) => app.id));
  const unknown = appIds.filter((id) => !known.has(id));
  if (unknown.length) throw new InvalidInputError([{ field: "appIds", message: `Not an app of the token's team${teamIds.length === 1 ? "" : "s"}: ${unknown.join(", ")}` }]);
}

async function insert(
  tx: Tx,
  caller: Caller,
  owner: { userId: string } | { teamId: string },
  input: CreateTokenInput,
): Promise<{ token: TokenView; secret: string }> {
  const secret = newToken();
  const now = new Date();
  const row = await tx.apiToken.create({
    data: {
      ...owner,
      name: input.name,
      hash: secret.hash,
      lastFour: secret.lastFour,
      abilities: [...new Set(input.abilities)],
      appIds: [...new Set(input.appIds ?? [])],
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      createdById: caller.actor.userId,
      createdByEmail: caller.actor.email,
    },
    select: tokenSelect,
  });
  const [token] = await views(tx, caller.actor, [row]);
  await recordAudit(tx, caller, { action: "token.create", outcome: "ok", resourceType: RESOURCE, resourceId: row.id, teamId: row.teamId, after: snapshot(token) });
  return { token, secret: secret.text };
}

const roleNames: Record<Role, string> = { developer: "A developer's token", operator: "An operator's token", compliance: "A compliance officer's token", admin: "An admin's token" };

/** A token of the caller's own, capped by their role; the text is in the answer and nowhere else, ever. */
export async function createPersonalToken(caller: Caller, input: CreateTokenInput) {
  const { actor } = caller;
  requireAbilities(input.abilities, abilitiesForRole(actor.role), roleNames[actor.role]);
  if (input.appIds?.length && actor.role !== "developer") {
    throw new InvalidInputError([{ field: "appIds", message: "Only a developer's token can be limited to apps (of the developer's teams)" }]);
  }
  return db().$transaction(async (tx) => {
    await requireApps(tx, input.appIds ?? [], actor.teamIds);
    return insert(tx, caller, { userId: actor.userId }, input);
  });
}

/** A team's service token: acts as a developer of that team, never more, and outlives its maker's membership. */
export async function createTeamToken(caller: Caller, { teamId, ...input }: CreateTeamTokenInput) {
  requireTeam(caller.actor, teamId, canManageTeamTokens, { action: "token.create", resourceType: "team", resourceId: teamId, reason: "actor may not make this team's service tokens" }, "Team");
  const team = await db().team.findUnique({ where: { id: teamId }, select: { slug: true } });
  if (!team) throw new NotFoundError("Team");
  requireAbilities(input.abilities, TEAM_TOKEN_ABILITIES, "A team's service token");
  return db().$transaction(async (tx) => {
    await requireApps(tx, input.appIds ?? [], [teamId]);
    return insert(tx, caller, { teamId }, input);
  });
}

/**
 * The caller's own tokens and the service tokens of the teams they see, newest first; and what tokens the caller
 * may make (the abilities their role allows, whether theirs may be limited to apps, the teams whose service tokens
 * they keep), so the tokens page offers only what the API would accept.
 */
export async function listTokens(caller: Caller) {
  const { actor } = caller;
  const teamIds = readableTeamIds(actor);
  const rows = await db().apiToken.findMany({
    where: { OR: [{ userId: actor.userId }, { teamId: teamIds ? { in: teamIds } : { not: null } }] },
    select: tokenSelect,
    orderBy: { createdAt: "desc" },
  });
  const keptTeams = actor.role === "developer" ? { id: { in: actor.teamIds } } : actor.role === "operator" || actor.role === "admin" ? {} : { id: { in: [] } };
  const teams = await db().team.findMany({ where: keptTeams, select: { id: true, slug: true, name: true }, orderBy: { name: "asc" } });
  return {
    tokens: await views(db(), actor, rows),
    can: { personal: { abilities: [...abilitiesForRole(actor.role)], appLimits: actor.role === "developer" }, teams, teamAbilities: [...TEAM_TOKEN_ABILITIES] },
  };
}

/** The token this call was made with (null when signed in): what it is and may do. */
export async function currentToken(caller: Caller): Promise<TokenView | null> {
  if (!caller.actor.token) return null;
  const row = await db().apiToken.findUnique({ where: { id: caller.actor.token.id }, select: tokenSelect });
  return row ? (await views(db(), caller.actor, [row]))[0] : null;
}

export async function revokeToken(caller: Caller, input: RevokeTokenInput): Promise<TokenView> {
  return db().$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: input.id }, select: tokenSelect });
    if (!row) throw new NotFoundError("Token");
    const attempt = { action: "token.revoke", resourceType: RESOURCE, resourceId: row.id, reason: "actor may not revoke this token" };
    if (row.userId) {
      // Someone else's own token is invisible to all but admins.
      if (!canRevoke(caller.actor, row)) throw new AccessDeniedError(attempt, { resource: "Token" });
    } else {
      requireTeam(caller.actor, row.teamId!, canManageTeamTokens, attempt, "Token");
    }
    if (row.revokedAt) throw new ConflictError("This token is already revoked");
    const [before] = await views(tx, caller.actor, [row]);
    const revoked = await tx.apiToken.update({
      where: { id: row.id },
      data: { revokedAt: new Date(), revokedById: caller.actor.userId, revokedReason: input.reason || `revoked by ${caller.actor.email}` },
      select: tokenSelect,
    });
    const [after] = await views(tx, caller.actor, [revoked]);
    await recordAudit(tx, caller, { action: "token.revoke", outcome: "ok", resourceType: RESOURCE, resourceId: row.id, teamId: row.teamId, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

/**
 * Revokes every live token of a person, each audited, in the caller's transaction: deactivating someone must call
 * this in the transaction that deactivates them, so no token of theirs works a moment longer. Team service
 * tokens they made stay: they belong to the team. Returns how many were revoked.
 */
export async function revokeTokensOf(tx: Tx, caller: Caller, userId: string, reason: string): Promise<number> {
  const live = await tx.apiToken.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
  for (const { id } of live) {
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date(), revokedById: caller.actor.userId, revokedReason: reason }, select: { id: true, name: true, revokedAt: true } });
    await recordAudit(tx, caller, { action: "token.revoke", outcome: "ok", resourceType: RESOURCE, resourceId: id, before: { status: "active" }, after: { ...revoked, status: "revoked", reason }, reason });
  }
  return live.length;
}
