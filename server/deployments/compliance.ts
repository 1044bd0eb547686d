import type { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import type { Caller } from "@/server/identity/actor";
import { canReadTeam, readableTeamIds } from "@/server/identity/permissions";
import { storedWaivers } from "@/server/overrides/stored";
import type { PlatformPolicy, SetTeamOverrideInput } from "@/server/policy/schemas";
import { loadDeployment } from "./access";
import type { FlaggedDeployment } from "./compliance-views";
import { decide, type DecideOptions } from "./policy-gate";
import { InvalidInputError } from "@/server/errors";
import { teamOverrideProblems } from "@/server/policy/service";
import { storedSpec } from "./stored";
import { resolvedImageRecord } from "./resolved-image";

// Live deployments judged again by today's catalog and policy (or a policy an operator is about to save), from the
// spec of the revision they run. Computed on read, so a policy or catalog change shows at once with no job to run;
// one evaluation per live deployment. While a break-glass override is active it waives what it names; once it
// expires, the deployment is flagged if still refused.

const LIVE_STATUSES = ["queued", "deploying", "running"] as const;

const liveSelect = {
  id: true,
  status: true,
  app: { select: { id: true, name: true, teamId: true, classification: true, baseImageId: true } },
  target: { select: { id: true, name: true, coordinates: true, labels: true } },
  revisions: { select: { deploymentId: true, number: true, spec: true, resolvedImage: true }, orderBy: { number: "desc" }, take: 1 },
} satisfies Prisma.DeploymentSelect;
type LiveDeployment = Prisma.DeploymentGetPayload<{ select: typeof liveSelect }>;

/** A policy about to be saved, judged in place of the stored one: the platform's, or one team's override. */
type Proposal = Pick<DecideOptions, "proposed" | "proposedOverride">;

/** Why each deployment would be refused now (under `proposal` instead of the stored policy when given); the
 * compliant ones are left out. */
async function judge(deployments: LiveDeployment[], proposal: Proposal = {}): Promise<FlaggedDeployment[]> {
  const active = await db().breakGlassOverride.findMany({ where: { deploymentId: { in: deployments.map((d) => d.id) }, status: "approved", expiresAt: { gt: new Date() } }, select: { id: true, deploymentId: true, waives: true } });
  const waiversOf = (id: string) => active.filter((o) => o.deploymentId === id).flatMap((o) => storedWaivers(o).map(({ code, subject }) => ({ code, subject })));
  const flagged: FlaggedDeployment[] = [];
  for (const deployment of deployments) {
    const latest = deployment.revisions[0];
    if (!latest) continue;
    const spec = storedSpec(latest.spec, latest);
    // The image's real base, as its registry showed it when the revision was made, is what it runs on.
    const image = latest.resolvedImage === null ? null : resolvedImageRecord.parse(latest.resolvedImage);
    const decision = await decide(db(), deployment.app, deployment.target, spec, { placement: "existing", waivers: waiversOf(deployment.id), image, ...proposal });
    const reasons = decision ? decision.reasons.map((r) => r.message) : ["The app declares no base image"];
    if (reasons.length) flagged.push({ id: deployment.id, status: deployment.status, app: { id: deployment.app.id, name: deployment.app.name }, target: deployment.target.name, reasons });
  }
  return flagged;
}

function liveDeploymentsOf(caller: Caller, onlyTeamId?: string): Promise<LiveDeployment[]> {
  const readable = readableTeamIds(caller.actor);
  const teamIds = onlyTeamId ? (readable ?? [onlyTeamId]).filter((id) => id === onlyTeamId) : readable;
  return db().deployment.findMany({ where: { status: { in: [...LIVE_STATUSES] }, ...(teamIds ? { teamId: { in: teamIds } } : {}) }, select: liveSelect, orderBy: { updatedAt: "desc" } });
}

/** What judging `live` by the proposal would newly flag, and how many are flagged today. */
async function impactOf(live: LiveDeployment[], proposal: Proposal): Promise<{ affected: FlaggedDeployment[]; alreadyNonCompliant: number }> {
  const today = new Set((await judge(live)).map((d) => d.id));
  const after = await judge(live, proposal);
  return { affected: after.filter((d) => !today.has(d.id)), alreadyNonCompliant: today.size };
}

/** The caller's live deployments that today's catalog and policy would refuse, with the reasons. */
export async function nonCompliantDeployments(caller: Caller): Promise<FlaggedDeployment[]> {
  return judge(await liveDeploymentsOf(caller));
}

/** Why one deployment would be refused today (empty when it complies, or when it is not live: nothing runs to judge). */
export async function deploymentCompliance(caller: Caller, id: string): Promise<{ reasons: string[] }> {
  await loadDeployment(db(), caller, id, "deployment.read", canReadTeam);
  const live = await db().deployment.findMany({ where: { id, status: { in: [...LIVE_STATUSES] } }, select: liveSelect });
  const [flagged] = await judge(live);
  return { reasons: flagged?.reasons ?? [] };
}

/**
 * What saving `proposed` as the platform policy would flag, before it is saved: the live deployments it would
 * refuse that today's policy lets run, with the reasons; and how many are refused already. Saves nothing.
 */
export async function platformPolicyImpact(caller: Caller, proposed: PlatformPolicy) {
  return impactOf(await liveDeploymentsOf(caller), { proposed });
}

/** The same for one team's encryption override: that team's live deployments it would flag; saves nothing. */
export async function teamOverrideImpact(caller: Caller, proposedOverride: SetTeamOverrideInput) {
  // A loosening override would be refused on saving: said now, as saving would say it, rather than previewed.
  const problems = await teamOverrideProblems(db(), proposedOverride);
  if (problems.length) throw new InvalidInputError(problems.map((p) => ({ field: `encryption.${p.field}`, message: p.message })));
  return impactOf(await liveDeploymentsOf(caller, proposedOverride.teamId), { proposedOverride });
}
