import { db } from "@/server/db/client";
import type { Actor } from "./actor";
import { platformCan } from "./permissions";

export async function describeMe(actor: Actor) {
  const teams = await db().team.findMany({
    where: { id: { in: actor.teamIds } },
    select: { id: true, slug: true, name: true },
    orderBy: { name: "asc" },
  });
  return { id: actor.userId, email: actor.email, name: actor.name, role: actor.role, teams, can: platformCan(actor) };
}


/** People, teams and pending invitations, for administrators. Never an invitation's token (only its hash is stored). */
export async function listDirectory() {
  const [users, teams, invitations] = await Promise.all([
    db().user.findMany({
      select: { id: true, name: true, email: true, role: true, deactivatedAt: true, createdAt: true, memberships: { select: { team: { select: { id: true, name: true } } } } },
      orderBy: { email: "asc" },
    }),
    db().team.findMany({ select: { id: true, slug: true, name: true, archivedAt: true, _count: { select: { memberships: true, apps: true } } }, orderBy: { name: "asc" } }),
    db().invitation.findMany({
      where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, name: true, role: true, expiresAt: true, createdAt: true, team: { select: { name: true } } },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    users: users.map(({ memberships, ...user }) => ({ ...user, teams: memberships.map((m) => m.team.name), teamIds: memberships.map((m) => m.team.id) })),
    teams: teams.map(({ _count, ...team }) => ({ ...team, members: _count.memberships, apps: _count.apps })),
    invitations: invitations.map(({ team, ...invitation }) => ({ ...invitation, team: team?.name ?? null })),
  };
}
