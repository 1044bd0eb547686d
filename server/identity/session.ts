import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { Actor } from "./actor";
import { auth } from "./auth";

/** The signed-in actor for these request headers, or null. Team memberships are read fresh each time. */
export async function actorFromHeaders(headers: Headers): Promise<Actor | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const memberships = await db().membership.findMany({ where: { userId: session.user.id }, select: { teamId: true } });
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: session.user.role as Role,
    teamIds: memberships.map((m) => m.teamId),
  };
}
