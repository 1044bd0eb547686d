import { db } from "@/server/db/client";
import type { Actor } from "./actor";

export async function describeMe(actor: Actor) {
  const teams = await db().team.findMany({
    where: { id: { in: actor.teamIds } },
    select: { id: true, slug: true, name: true },
    orderBy: { name: "asc" },
  });
  return { id: actor.userId, email: actor.email, name: actor.name, role: actor.role, teams };
}


/** People and teams, for administrators. */
export async function listDirectory() {
  const [users, teams] = await Promise.all([
    db().user.findMany({
      select: { id: true, name: true, email: true, role: true, createdAt: true, memberships: { select: { team: { select: { name: true } } } } },
      orderBy: { email: "asc" },
    }),
    db().team.findMany({ select: { id: true, slug: true, name: true, _count: { select: { memberships: true, apps: true } } }, orderBy: { name: "asc" } }),
  ]);
  return {
    users: users.map(({ memberships, ...user }) => ({ ...user, teams: memberships.map((m) => m.team.name) })),
    teams: teams.map(({ _count, ...team }) => ({ ...team, members: _count.memberships, apps: _count.apps })),
  };
}
