import { recordAudit } from "@/server/audit/record";
import { db, type Tx } from "@/server/db/client";
import { ConflictError, NotFoundError } from "@/server/errors";
import { revokeTokensOf } from "@/server/tokens/service";
import type { Caller } from "./actor";
import type { SetMembershipsInput } from "./schemas";
import { sessionChangesSeen } from "./session";
import { requireActiveTeams } from "./teams";

// Admins deactivate and reactivate people and change which teams they belong to. Deactivating revokes every
// session of the person in the same transaction, so their next request, in whatever browser, is signed out;
// they can sign in again (password or single sign-on) only once reactivated.

const personSelect = { id: true, email: true, name: true, role: true, deactivatedAt: true, memberships: { select: { teamId: true } } } as const;

async function person(tx: Tx, userId: string) {
  const found = await tx.user.findUnique({ where: { id: userId }, select: personSelect });
  if (!found) throw new NotFoundError("User");
  const { memberships, ...rest } = found;
  return { ...rest, teamIds: memberships.map((m) => m.teamId).sort() };
}

export async function deactivateUser(caller: Caller, userId: string) {
  // Someone must always be able to fix this: an admin never locks themselves out.
  if (userId === caller.actor.userId) throw new ConflictError("You cannot deactivate yourself; ask another admin");
  const deactivated = await db().$transaction(async (tx) => {
    const before = await person(tx, userId);
    if (before.deactivatedAt) throw new ConflictError(`${before.email} is already deactivated`);
    await tx.user.update({ where: { id: userId }, data: { deactivatedAt: new Date() } });
    const revoked = await tx.session.deleteMany({ where: { userId } });
    const tokensRevoked = await revokeTokensOf(tx, caller, userId, `${before.email} deactivated`);
    const after = { ...(await person(tx, userId)), sessionsRevoked: revoked.count, tokensRevoked };
    await recordAudit(tx, caller, { action: "user.deactivate", outcome: "ok", resourceType: "user", resourceId: userId, before, after, reason: `${before.email} deactivated` });
    return after;
  });
  await sessionChangesSeen();
  return deactivated;
}

export async function reactivateUser(caller: Caller, userId: string) {
  return db().$transaction(async (tx) => {
    const before = await person(tx, userId);
    if (!before.deactivatedAt) throw new ConflictError(`${before.email} is not deactivated`);
    await tx.user.update({ where: { id: userId }, data: { deactivatedAt: null } });
    const after = await person(tx, userId);
    await recordAudit(tx, caller, { action: "user.reactivate", outcome: "ok", resourceType: "user", resourceId: userId, before, after, reason: `${before.email} reactivated` });
    return after;
  });
}

/** The teams a person belongs to, replaced whole. A session's teams follow the change, so sessions need not end. */
export async function setMemberships(caller: Caller, input: SetMembershipsInput) {
  const teamIds = [...new Set(input.teamIds)].sort();
  const changed = await db().$transaction(async (tx) => {
    const before = await person(tx, input.userId);
    const joining = teamIds.filter((id) => !before.teamIds.includes(id));
    await requireActiveTeams(tx, joining, "teamIds");
    await tx.membership.deleteMany({ where: { userId: input.userId, teamId: { notIn: teamIds } } });
    await tx.membership.createMany({ data: joining.map((teamId) => ({ userId: input.userId, teamId })), skipDuplicates: true });
    const after = await person(tx, input.userId);
    await recordAudit(tx, caller, { action: "user.set-memberships", outcome: "ok", resourceType: "user", resourceId: input.userId, before, after });
    return after;
  });
  await sessionChangesSeen();
  return changed;
}
