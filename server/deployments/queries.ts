import { resolvedImageRecord } from "./resolved-image";
import { db } from "@/server/db/client";
import type { Caller } from "@/server/identity/actor";
import { canCheckDrift, canReadTeam, canWriteTeamApps, readableAppIds, readableTeamIds } from "@/server/identity/permissions";
import { loadDeployment } from "./access";
import { driftSchema } from "./drift";
import { storedDecision, storedPlan, storedResourceRef, storedSpec } from "./stored";

const summary = {
  id: true,
  status: true,
  statusMessage: true,
  desiredRevision: true,
  runningRevision: true,
  url: true,
  updatedAt: true,
  app: { select: { id: true, name: true } },
  target: { select: { id: true, name: true, kind: true } },
} as const;

export async function listDeployments(caller: Caller, filter: { appId?: string; limit?: number }) {
  const teamIds = readableTeamIds(caller.actor);
  const appIds = readableAppIds(caller.actor);
  return db().deployment.findMany({
    where: { ...(teamIds ? { teamId: { in: teamIds } } : {}), AND: [appIds ? { appId: { in: appIds } } : {}, filter.appId ? { appId: filter.appId } : {}] },
    select: summary,
    orderBy: { updatedAt: "desc" },
    take: filter.limit ?? 200,
  });
}

/** One deployment with its revisions (newest first) and status timeline, for the live view. */
export async function getDeployment(caller: Caller, id: string) {
  const deployment = await loadDeployment(db(), caller, id, "deployment.read", canReadTeam);
  const [revisions, events] = await Promise.all([
    db().deploymentRevision.findMany({ where: { deploymentId: id }, orderBy: { number: "desc" }, select: { number: true, reason: true, spec: true, plan: true, decision: true, resolvedImage: true, createdAt: true } }),
    db().deploymentEvent.findMany({ where: { deploymentId: id }, orderBy: { id: "desc" }, take: 100, select: { id: true, at: true, status: true, message: true, revision: true } }),
  ]);
  const { target, ...rest } = deployment;
  return {
    ...rest,
    resourceRef: storedResourceRef(deployment),
    drift: deployment.drift === null ? null : driftSchema.parse(deployment.drift),
    can: { change: canWriteTeamApps(caller.actor, deployment.teamId), checkDrift: canCheckDrift(caller.actor, deployment.teamId) },
    target: { id: target.id, name: target.name, kind: target.kind },
    revisions: revisions.map((revision) => {
      const key = { deploymentId: id, number: revision.number };
      const resolvedImage = revision.resolvedImage === null ? null : resolvedImageRecord.parse(revision.resolvedImage);
      return { ...revision, spec: storedSpec(revision.spec, key), plan: storedPlan(revision.plan, key), decision: storedDecision(revision.decision, key), resolvedImage };
    }),
    events: events.map((event) => ({ ...event, id: event.id.toString() })),
  };
}
