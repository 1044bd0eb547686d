import { randomBytes } from "node:crypto";
import { recordAudit } from "@/server/audit/record";
import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { ConflictError, InvalidInputError, NotFoundError } from "@/server/errors";
import type { Caller } from "./actor";
import type { CreateTeamInput } from "./schemas";

// Admins create, rename, archive and restore teams. A team is archived, never deleted: its apps, deployments
// and audit history keep naming it. An archived team takes no new members, invitations or apps.

const teamSelect = { id: true, slug: true, name: true, archivedAt: true, createdAt: true } satisfies Prisma.TeamSelect;
export type TeamView = Prisma.TeamGetPayload<{ select: typeof teamSelect }>;

/** "Payments & Risk" → "payments-risk"; a suffix when that is too short to mean anything. */
function slugFor(name: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return base.length >= 2 ? base : `team-${randomBytes(3).toString("hex")}`;
}

const slugClash = (error: unknown, slug: string) =>
  isUniqueViolation(error) ? new ConflictError(`A team with the slug "${slug}" already exists`, "slug") : error;

export async function createTeam(caller: Caller, input: CreateTeamInput): Promise<TeamView> {
  const slug = input.slug ?? slugFor(input.name);
  try {
    return await db().$transaction(async (tx) => {
      const created = await tx.team.create({ data: { name: input.name, slug }, select: teamSelect });
      await recordAudit(tx, caller, { action: "team.create", outcome: "ok", resourceType: "team", resourceId: created.id, teamId: created.id, after: created });
      return created;
    });
  } catch (error) {
    throw slugClash(error, slug);
  }
}

async function change(caller: Caller, teamId: string, action: string, data: Prisma.TeamUpdateInput, check?: (before: TeamView, tx: Tx) => Promise<Record<string, unknown> | void>): Promise<TeamView> {
  return db().$transaction(async (tx) => {
    const before = await tx.team.findUnique({ where: { id: teamId }, select: teamSelect });
    if (!before) throw new NotFoundError("Team");
    const details = (await check?.(before, tx)) ?? {};
    const after = await tx.team.update({ where: { id: teamId }, data, select: teamSelect });
    await recordAudit(tx, caller, { action, outcome: "ok", resourceType: "team", resourceId: teamId, teamId, before, after: { ...after, ...details } });
    return after;
  });
}

export function renameTeam(caller: Caller, input: { teamId: string; name: string }): Promise<TeamView> {
  return change(caller, input.teamId, "team.rename", { name: input.name });
}

/** Refused while the team still runs something: its live deployments are destroyed first. Pending invitations to it are revoked. */
export function archiveTeam(caller: Caller, teamId: string): Promise<TeamView> {
  return change(caller, teamId, "team.archive", { archivedAt: new Date() }, async (before, tx) => {
    if (before.archivedAt) throw new ConflictError(`${before.name} is already archived`);
    const live = await tx.deployment.count({ where: { teamId, status: { not: "destroyed" } } });
    if (live) throw new ConflictError(`${before.name} still has ${live} live deployment${live === 1 ? "" : "s"}: its developers destroy them first`);
    const { count } = await tx.invitation.updateMany({ where: { teamId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    return { invitationsRevoked: count };
  });
}

export function restoreTeam(caller: Caller, teamId: string): Promise<TeamView> {
  return change(caller, teamId, "team.restore", { archivedAt: null }, async (before) => {
    if (!before.archivedAt) throw new ConflictError(`${before.name} is not archived`);
  });
}

/** Throws unless every team exists and is not archived, naming the field. */
export async function requireActiveTeams(tx: Tx, teamIds: string[], field: string): Promise<void> {
  if (!teamIds.length) return;
  const found = await tx.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true, archivedAt: true } });
  if (found.length !== new Set(teamIds).size) throw new InvalidInputError([{ field, message: "Teams: one of them does not exist" }]);
  const archived = found.filter((team) => team.archivedAt);
  if (archived.length) throw new InvalidInputError([{ field, message: `Teams: ${archived.map((t) => t.name).join(", ")} ${archived.length === 1 ? "is" : "are"} archived` }]);
}
