// "What runs on what": per catalog image, the live deployments running it. What a deployment runs on is the base
// image its running revision was judged on (or, before its first revision runs, the one being deployed), not what
// its app declares today: an app switched to a newer image still runs the old one until it is redeployed.
import { db } from "@/server/db/client";
import type { Caller } from "@/server/identity/actor";
import { readableAppIds, readableTeamIds } from "@/server/identity/permissions";
import type { RunsOnView } from "./runs-on-views";

/** Live as the catalog's impact counts it (impact.ts): a failed deploy leaves its running revision running. */
const LIVE_STATUSES = ["queued", "deploying", "running", "failed"] as const;

export async function whatRunsOnWhat(caller: Caller): Promise<RunsOnView> {
  const teamIds = readableTeamIds(caller.actor);
  const appIds = readableAppIds(caller.actor);
  const deployments = await db().deployment.findMany({
    where: { status: { in: [...LIVE_STATUSES] }, ...(teamIds ? { teamId: { in: teamIds } } : {}), ...(appIds ? { appId: { in: appIds } } : {}) },
    select: {
      id: true,
      status: true,
      runningRevision: true,
      desiredRevision: true,
      app: { select: { id: true, name: true, team: { select: { id: true, name: true } } } },
      target: { select: { name: true } },
    },
    orderBy: [{ app: { name: "asc" } }, { target: { name: "asc" } }],
  });
  const revisionOf = (d: (typeof deployments)[number]) => d.runningRevision ?? d.desiredRevision;
  const revisions = deployments.length
    ? await db().deploymentRevision.findMany({
        where: { OR: deployments.map((d) => ({ deploymentId: d.id, number: revisionOf(d) })) },
        select: { deploymentId: true, baseImageId: true },
      })
    : [];
  const baseOf = new Map(revisions.map((r) => [r.deploymentId, r.baseImageId]));
  const images = await db().baseImage.findMany({
    select: { id: true, name: true, version: true, status: true, endOfLife: true, successor: { select: { name: true, version: true } } },
    orderBy: [{ family: "desc" }, { name: "asc" }, { version: "asc" }],
  });
  return images.map((image) => ({
    ...image,
    deployments: deployments
      .filter((d) => baseOf.get(d.id) === image.id)
      .map((d) => ({ id: d.id, status: d.status, revision: revisionOf(d), app: { id: d.app.id, name: d.app.name }, team: d.app.team, target: d.target.name })),
  }));
}
