import { randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { Actor } from "@/server/identity/actor";
import { createCaller } from "@/server/routers";

/** A team with a unique slug in the current test database. */
export async function makeTeam(name = "Team") {
  return db().team.create({ data: { slug: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`, name } });
}

/** A user of this role in these teams, and a tRPC caller acting as them (same middleware as HTTP). */
export async function makeCaller(role: Role, teamIds: string[] = []) {
  const id = randomUUID();
  const user = await db().user.create({
    data: { id, email: `${role}-${id.slice(0, 8)}@test.local`, name: `Test ${role}`, role, memberships: { create: teamIds.map((teamId) => ({ teamId })) } },
  });
  const actor: Actor = { userId: user.id, email: user.email, name: user.name, role, teamIds };
  const meta = { requestId: `test-${randomUUID()}`, sourceIp: "127.0.0.9", userAgent: "vitest" };
  return { actor, meta, caller: createCaller({ actor, meta }) };
}
