import { db } from "@/server/db/client";
import type { Caller } from "@/server/identity/actor";
import { readableTeamIds } from "@/server/identity/permissions";
import { storedWaivers } from "@/server/overrides/stored";
import { decide } from "./policy-gate";
import { storedSpec } from "./stored";
import type { DeploymentSpec } from "@/providers/types";
import type { Waiver } from "@/server/policy/evaluate";

/**
 * Live deployments judged again by today's catalog and policy, from the spec of the revision they run:
 * those that would now be refused, with the reasons. Computed on read, so a policy or catalog change shows
 * at once with no job to run; one evaluation per live deployment. While a break-glass override is active it
 * waives what it names; once it expires, the deployment is flagged if still refused.
 */
export async function nonCompliantDeployments(caller: Caller) {
  const teamIds = readableTeamIds(caller.actor);
  const live = await db().deployment.findMany({
    where: { status: { in: ["queued", "deploying", "running"] }, ...(teamIds ? { teamId: { in: teamIds } } : {}) },
    select: {
      id: true,
      status: true,
      desiredRevision: true,
      app: { select: { id: true, name: true, teamId: true, classification: true, baseImageId: true } },
      target: { select: { id: true, name: true, coordinates: true, labels: true } },
      revisions: { select: { deploymentId: true, number: true, spec: true }, orderBy: { number: "desc" }, take: 1 },
    },
    orderBy: { updatedAt: "desc" },
  });
  const active = await db().breakGlassOverride.findMany({ where: { deploymentId: { in: live.map((d) => d.id) }, status: "approved", expiresAt: { gt: new Date() } }, select: { id: true, deploymentId: true, waives: true } });
  const waiversOf = (id: string) => active.filter((o) => o.deploymentId === id).flatMap((o) => storedWaivers(o).map(({ code, subject }) => ({ code, subject })));
  const flagged = [];
  for (const deployment of live) {
    const latest = deployment.revisions[0];
    if (!latest) continue;
    const spec = storedSpec(latest.spec, latest);
    const decision = await decide(db(), deployment.app, deployment.target, spec, waiversOf(deployment.id));
    const reasons = decision ? decision.reasons.map((r) => r.message) : ["The app declares no base image"];
    if (reasons.length) flagged.push({ id: deployment.id, status: deployment.status, app: { id: deployment.app.id, name: deployment.app.name }, target: deployment.target.name, reasons });
  }
  return flagged;
}
