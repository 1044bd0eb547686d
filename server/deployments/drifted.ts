import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import type { Caller } from "@/server/identity/actor";
import { readableTeamIds } from "@/server/identity/permissions";
import { driftSchema } from "./drift";

/** Running deployments whose cloud differs from their revision, and deployments whose resource vanished: for the overviews. */
export async function driftedDeployments(caller: Caller) {
  const teamIds = readableTeamIds(caller.actor);
  const rows = await db().deployment.findMany({
    where: { OR: [{ status: "missing" }, { status: "running", drift: { not: Prisma.DbNull } }], ...(teamIds ? { teamId: { in: teamIds } } : {}) },
    select: { id: true, status: true, runningRevision: true, driftSince: true, drift: true, app: { select: { id: true, name: true } }, target: { select: { name: true } } },
    orderBy: { driftSince: "desc" },
  });
  return rows.map((row) => ({ ...row, target: row.target.name, drift: row.drift === null ? [] : driftSchema.parse(row.drift) }));
}
