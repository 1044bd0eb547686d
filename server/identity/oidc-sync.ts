import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/server/db/generated/client";
import { recordAudit } from "@/server/audit/record";
import type { Actor, RequestMeta } from "./actor";
import type { GroupMap } from "./oidc-config";
import { resolveGroups, type GroupResolution } from "./oidc-groups";
import { sessionChangesSeen } from "./session";
import { SSO_MESSAGES } from "./sso-messages";

/** The audit action of every single sign-on attempt, allowed or refused. */
export const SSO_SIGN_IN_ACTION = "user.sso-sign-in";

/** Single sign-on refused: no mapped group, or a mapping that points at a team that is gone. */
export class SsoRefusedError extends Error {
  constructor(
    readonly code: "no_mapped_group" | "unknown_team",
    message: string,
  ) {
    super(message);
  }
}


interface SignInAttempt {
  email: string;
  groups: string[];
  meta: RequestMeta;
}

/**
 * Writes the refusal as a denied audit event. A known user refused at sign-in (their groups no longer map)
 * also loses the sessions they still hold, in the same transaction: the IdP said no, so no older session
 * keeps the access it took away. Groups are recorded, tokens never.
 */
export async function recordSsoRefusal(
  client: PrismaClient,
  attempt: { userId?: string | null; meta: RequestMeta; reason: string; details: Record<string, unknown> },
): Promise<void> {
  await client.$transaction(async (tx) => {
    const revoked = attempt.userId ? (await tx.session.deleteMany({ where: { userId: attempt.userId } })).count : 0;
    await recordAudit(
      tx,
      { actor: null, meta: attempt.meta },
      {
        action: SSO_SIGN_IN_ACTION,
        outcome: "denied",
        resourceType: "user",
        resourceId: attempt.userId ?? null,
        after: { ...attempt.details, ...(attempt.userId ? { sessionsRevoked: revoked } : {}) },
        reason: attempt.reason,
      },
    );
  });
  await sessionChangesSeen();
}

/** Role and teams for these groups, or SsoRefusedError (audited) when none is mapped. */
export async function resolveOrRefuse(client: PrismaClient, attempt: SignInAttempt & { userId?: string | null }, map: GroupMap): Promise<GroupResolution> {
  const resolution = resolveGroups(attempt.groups, map);
  if (resolution) return resolution;
  await recordSsoRefusal(client, { ...attempt, details: { email: attempt.email, groups: attempt.groups }, reason: "no IdP group is mapped to a Bulkhead team or role" });
  throw new SsoRefusedError("no_mapped_group", SSO_MESSAGES.no_mapped_group);
}

/**
 * Makes the user's role and team memberships exactly what their IdP groups map to: for single sign-on users
 * the IdP is the source of truth, so a team granted by hand is removed at the next sign-in. The change and
 * its audit event (role and teams before and after, and the groups it rests on) share one transaction.
 */
export async function syncSsoUser(client: PrismaClient, attempt: SignInAttempt & { userId: string }, map: GroupMap): Promise<GroupResolution> {
  const resolution = await resolveOrRefuse(client, attempt, map);
  const existing = await client.team.findMany({ where: { slug: { in: resolution.teamSlugs } }, select: { slug: true } });
  const gone = resolution.teamSlugs.filter((slug) => !existing.some((team) => team.slug === slug) && !Object.hasOwn(resolution.creatable, slug));
  if (gone.length) {
    // Checked at start too; a team deleted since then must not turn into a silent loss of access.
    await recordSsoRefusal(client, { ...attempt, details: { email: attempt.email, groups: attempt.groups }, reason: `mapped team ${gone.join(", ")} does not exist` });
    throw new SsoRefusedError("unknown_team", SSO_MESSAGES.unknown_team);
  }
  await client.$transaction(async (tx) => {
    // Teams the map may create are made by the first sign-in that needs them, in this transaction, audited.
    // ON CONFLICT: two first sign-ins at once make the team once; the other joins it.
    for (const [slug, name] of Object.entries(resolution.creatable)) {
      const [made] = await tx.$queryRaw<{ id: string }[]>`INSERT INTO "Team" ("id", "slug", "name") VALUES (${randomUUID()}, ${slug}, ${name}) ON CONFLICT ("slug") DO NOTHING RETURNING "id"`;
      if (!made) continue;
      const created = await tx.team.findUniqueOrThrow({ where: { id: made.id }, select: { id: true, slug: true, name: true, archivedAt: true, createdAt: true } });
      await recordAudit(tx, { actor: null, meta: attempt.meta }, {
        action: "team.create",
        outcome: "ok",
        resourceType: "team",
        resourceId: created.id,
        teamId: created.id,
        after: created,
        reason: `created at the first single sign-on of a member of ${resolution.matchedGroups.join(", ")}`,
      });
    }
    // An archived team takes no members: its groups grant nothing until an admin restores it.
    const teams = await tx.team.findMany({ where: { slug: { in: resolution.teamSlugs }, archivedAt: null }, select: { id: true } });
    const teamIds = teams.map((team) => team.id);
    const user = await tx.user.findUniqueOrThrow({
      where: { id: attempt.userId },
      select: { id: true, email: true, name: true, role: true, memberships: { select: { team: { select: { slug: true } } } } },
    });
    const before = { role: user.role, teams: user.memberships.map((m) => m.team.slug).sort() };
    await tx.user.update({ where: { id: user.id }, data: { role: resolution.role } });
    await tx.membership.deleteMany({ where: { userId: user.id, teamId: { notIn: teamIds } } });
    await tx.membership.createMany({ data: teamIds.map((teamId) => ({ userId: user.id, teamId })), skipDuplicates: true });
    const actor: Actor = { userId: user.id, email: user.email, name: user.name, role: resolution.role, teamIds };
    await recordAudit(
      tx,
      { actor, meta: attempt.meta },
      {
        action: SSO_SIGN_IN_ACTION,
        outcome: "ok",
        resourceType: "user",
        resourceId: user.id,
        before,
        after: { role: resolution.role, teams: resolution.teamSlugs, groups: resolution.matchedGroups },
        reason: "single sign-on: role and teams follow the IdP groups",
      },
    );
  });
  return resolution;
}

/** Start-up check: every team the group map names exists, unless the map may create it. Throws naming the group and the team. */
export async function assertMappedTeamsExist(client: PrismaClient, map: GroupMap): Promise<void> {
  const wanted = Object.entries(map).flatMap(([group, grant]) => (grant.team && !grant.create ? [{ group, team: grant.team }] : []));
  const found = new Set((await client.team.findMany({ where: { slug: { in: wanted.map((w) => w.team) } }, select: { slug: true } })).map((t) => t.slug));
  const unknown = wanted.filter((w) => !found.has(w.team));
  if (unknown.length) {
    const known = (await client.team.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((t) => t.slug);
    throw new Error(
      `BULKHEAD_OIDC_GROUP_MAP: ${unknown.map((u) => `group "${u.group}" maps to team "${u.team}", which does not exist`).join("; ")} (teams: ${known.join(", ") || "none"})`,
    );
  }
}
