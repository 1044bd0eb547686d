import { recordAudit } from "@/server/audit/record";
import { db } from "@/server/db/client";
import { ConflictError, NotFoundError } from "@/server/errors";
import type { Caller } from "./actor";
import type { SetRoleInput } from "./schemas";
import { sessionChangesSeen } from "./session";
import { requireActiveTeams } from "./teams";

/**
 * An admin gives a person another role (and, if given, another set of teams). In the same transaction
 * every session of that person is revoked, so what they may do changes at once: their next request is
 * signed out, and they sign in again under the new role. Audited with before and after.
 */
export async function setUserRole(caller: Caller, input: SetRoleInput) {
  // Admins cannot demote themselves: the platform must never be left without someone who can fix roles.
  if (input.userId === caller.actor.userId && input.role !== "admin") {
    throw new ConflictError("You cannot take the admin role away from yourself; ask another admin", "role");
  }
  const changed = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true, memberships: { select: { teamId: true } } } });
    if (!user) throw new NotFoundError("User");
    const before = { role: user.role, teamIds: user.memberships.map((m) => m.teamId).sort() };
    const teamIds = input.teamIds ? [...new Set(input.teamIds)].sort() : before.teamIds;
    if (input.teamIds) {
      await requireActiveTeams(tx, teamIds.filter((id) => !before.teamIds.includes(id)), "teamIds");
      await tx.membership.deleteMany({ where: { userId: user.id } });
      await tx.membership.createMany({ data: teamIds.map((teamId) => ({ userId: user.id, teamId })) });
    }
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
    const revoked = await tx.session.deleteMany({ where: { userId: user.id } });
    const after = { role: input.role, teamIds, sessionsRevoked: revoked.count };
    await recordAudit(tx, caller, { action: "identity.setRole", outcome: "ok", resourceType: "user", resourceId: user.id, before, after, reason: `role of ${user.email} set to ${input.role}` });
    return { id: user.id, email: user.email, ...after };
  });
  await sessionChangesSeen();
  return changed;
}
