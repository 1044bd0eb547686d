import { db, type Tx } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import { recordAudit } from "@/server/audit/record";
import { ConflictError, InvalidInputError, NotFoundError, PolicyViolationError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canWriteTeamApps, requireTeam } from "@/server/identity/permissions";
import { enqueue, QUEUES } from "@/server/jobs/queue";
import { adapterFor } from "@/providers/registry";
import type { DeploymentSpec, TargetCoordinates } from "@/providers/types";
import { loadDeployment } from "./access";
import { decide, requireAllowed, type PolicyApp, type PolicyTarget } from "./policy";
import type { Waiver } from "@/server/policy/evaluate";
import type { DeployInput, DeploymentSettings } from "./schemas";
import { buildSpec, resourceNameFor, settingsOf } from "./spec";

type AppForSpec = PolicyApp & { name: string; teamSlug: string };

/** Provider rules first: an invalid spec is refused naming the field, before any cloud call. */
function planFor(kind: string, coordinates: unknown, spec: DeploymentSpec) {
  const adapter = adapterFor(kind);
  const problems = adapter.validate(spec, coordinates as TargetCoordinates);
  if (problems.length) throw new InvalidInputError(problems.map((p) => ({ field: String(p.field), message: p.message })), "provider");
  return adapter.plan(spec, coordinates as TargetCoordinates);
}

async function loadAppAndTarget(tx: Tx, caller: Caller, input: { appId: string; targetId: string }, action: string) {
  const app = await tx.app.findUnique({
    where: { id: input.appId },
    select: { id: true, name: true, teamId: true, classification: true, baseImageId: true, team: { select: { slug: true } } },
  });
  if (!app) throw new NotFoundError("App");
  requireTeam(caller.actor, app.teamId, canWriteTeamApps, { action, resourceType: "app", resourceId: app.id, reason: "actor may not deploy this team's apps" }, "App");
  const target = await tx.target.findUnique({ where: { id: input.targetId }, select: { id: true, name: true, kind: true, coordinates: true, labels: true } });
  if (!target) throw new NotFoundError("Target");
  return { app: { ...app, teamSlug: app.team.slug }, target };
}

/**
 * What a deploy would send to the cloud and what policy says of it, for the preview; nothing is written.
 * A refused deployment has no plan: the decision's reasons say why (no decision: the app declares no base image).
 */
export async function previewDeployment(caller: Caller, input: DeployInput) {
  const { app, target } = await loadAppAndTarget(db(), caller, input, "deployment.preview");
  const existing = await db().deployment.findUnique({ where: { appId_targetId: { appId: app.id, targetId: target.id } }, select: { desiredRevision: true } });
  const bare = buildSpec(app, input, (existing?.desiredRevision ?? 0) + 1);
  const decision = await decide(db(), app, target, bare);
  const spec = decision ? { ...bare, policy: decision.policy } : bare;
  return { target: { name: target.name, kind: target.kind }, spec, decision, plan: decision?.allowed ? planFor(target.kind, target.coordinates, spec) : null };
}

/** Writes a new revision, moves the deployment to queued and enqueues the work, all in one transaction. An
 * approved break-glass `override` (server/overrides/) waives the refusal it names, and is kept in the revision. */
export async function addRevision(
  tx: Tx,
  caller: Caller,
  deployment: { id: string; teamId: string; status: string; desiredRevision: number },
  app: AppForSpec,
  target: PolicyTarget & { kind: string },
  settings: DeploymentSettings,
  reason: "deploy" | "redeploy" | "rollback" | "scale" | "links",
  auditDetails: Record<string, unknown> = {},
  override?: { id: string; waives: Waiver[] },
) {
  const number = deployment.desiredRevision + 1;
  const bare = buildSpec(app, settings, number);
  // Policy before the provider's own rules: a refusal names the image, label or setting, and is audited (on the
  // deployment if it existed before this call, with the request, so a break-glass override can name it).
  const existed = deployment.desiredRevision > 0 ? deployment.id : null;
  const refused = { deploymentId: existed, request: { appId: app.id, targetId: target.id, deploymentId: existed, reason, settings } };
  const decision = await requireAllowed(tx, app, target, bare, `deployment.${reason}`, refused, override?.waives);
  const spec: DeploymentSpec = { ...bare, policy: decision.policy };
  const plan = planFor(target.kind, target.coordinates, spec);
  const json = (value: unknown) => value as Prisma.InputJsonValue;
  await tx.deploymentRevision.create({
    data: { deploymentId: deployment.id, number, reason, spec: json(spec), plan: json(plan), decision: json(decision), createdById: caller.actor.userId, overrideId: override?.id ?? null },
  });
  const after = await tx.deployment.update({
    where: { id: deployment.id },
    data: { desiredRevision: number, status: "queued", statusMessage: `Revision ${number} queued (${reason})` },
    select: { id: true, status: true, desiredRevision: true, runningRevision: true, targetId: true, appId: true },
  });
  await tx.deploymentEvent.create({ data: { deploymentId: deployment.id, revision: number, status: "queued", message: `Revision ${number} queued (${reason}) by ${caller.actor.email}` } });
  // Before the audit append: its lock serialises every writer until commit, so nothing else follows it.
  await enqueue(tx, QUEUES.converge, { deploymentId: deployment.id, revision: number });
  await recordAudit(tx, caller, {
    action: `deployment.${reason}`,
    outcome: "ok",
    resourceType: "deployment",
    resourceId: deployment.id,
    teamId: deployment.teamId,
    before: { status: deployment.status, desiredRevision: deployment.desiredRevision },
    after: { ...after, spec: settings, ...auditDetails, warnings: decision.warnings.map((w) => w.message) },
  });
  return after;
}

function inOneTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db()
    .$transaction(work)
    .catch((error) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new ConflictError("Another change to this deployment was made at the same moment; try again");
      }
      throw error;
    });
}

export async function deploy(caller: Caller, input: DeployInput) {
  const { appId, targetId, ...settings } = input;
  return inOneTransaction(async (tx) => {
    const { app, target } = await loadAppAndTarget(tx, caller, { appId, targetId }, "deployment.deploy");
    const existing = await tx.deployment.findUnique({ where: { appId_targetId: { appId, targetId } } });
    const deployment =
      existing ?? (await tx.deployment.create({ data: { appId, teamId: app.teamId, targetId, resourceName: resourceNameFor(app), status: "queued", desiredRevision: 0 } }));
    const reason = existing && existing.status !== "destroyed" ? "redeploy" : "deploy";
    return addRevision(tx, caller, deployment, app, target, settings, reason, { target: target.name });
  });
}

async function revisionSettings(tx: Tx, deploymentId: string, number: number) {
  const revision = await tx.deploymentRevision.findUnique({ where: { deploymentId_number: { deploymentId, number } } });
  if (!revision) throw new NotFoundError(`Revision ${number}`);
  return settingsOf(revision.spec as unknown as DeploymentSpec);
}

function assertLive(deployment: { status: string }) {
  if (deployment.status === "destroyed" || deployment.status === "destroying") {
    throw new ConflictError("This deployment is destroyed; deploy the app again instead");
  }
}

export async function rollback(caller: Caller, input: { id: string; toRevision: number }) {
  return inOneTransaction(async (tx) => {
    const deployment = await loadDeployment(tx, caller, input.id, "deployment.rollback", canWriteTeamApps);
    assertLive(deployment);
    if (input.toRevision >= deployment.desiredRevision) throw new InvalidInputError([{ field: "toRevision", message: "Roll back to an earlier revision than the current one" }]);
    const settings = await revisionSettings(tx, deployment.id, input.toRevision);
    const app = { ...deployment.app, teamId: deployment.teamId, teamSlug: deployment.app.team.slug };
    return addRevision(tx, caller, deployment, app, deployment.target, settings, "rollback", { rolledBackTo: input.toRevision });
  });
}

export async function scale(caller: Caller, input: { id: string; minInstances: number; maxInstances: number }) {
  return inOneTransaction(async (tx) => {
    const deployment = await loadDeployment(tx, caller, input.id, "deployment.scale", canWriteTeamApps);
    assertLive(deployment);
    const current = await revisionSettings(tx, deployment.id, deployment.desiredRevision);
    const app = { ...deployment.app, teamId: deployment.teamId, teamSlug: deployment.app.team.slug };
    return addRevision(tx, caller, deployment, app, deployment.target, { ...current, minInstances: input.minInstances, maxInstances: input.maxInstances }, "scale");
  });
}

export async function destroy(caller: Caller, input: { id: string }) {
  return inOneTransaction(async (tx) => {
    const deployment = await loadDeployment(tx, caller, input.id, "deployment.destroy", canWriteTeamApps);
    assertLive(deployment);
    const after = await tx.deployment.update({ where: { id: deployment.id }, data: { status: "destroying", statusMessage: "Destroy queued" }, select: { id: true, status: true } });
    await tx.deploymentEvent.create({ data: { deploymentId: deployment.id, status: "destroying", message: `Destroy requested by ${caller.actor.email}` } });
    await recordAudit(tx, caller, { action: "deployment.destroy", outcome: "ok", resourceType: "deployment", resourceId: deployment.id, teamId: deployment.teamId, before: { status: deployment.status }, after });
    await enqueue(tx, QUEUES.converge, { deploymentId: deployment.id, revision: deployment.desiredRevision });
    return after;
  });
}

/** What a link change did to one live deployment of a linked app: a queued revision, or why policy refused one. */
export interface Relinked {
  deploymentId: string;
  target: string;
  revision: number | null;
  refused: string | null;
}

/**
 * After a link is approved or revoked: each live (queued, deploying or running) deployment of these apps gets a new
 * revision with its current settings, planned with the links as they now are, so the change reaches the cloud.
 * Called inside the link change's transaction, which the link service has authorized. A deployment that policy or
 * its provider would now refuse (say its base image was revoked since) keeps its revision; its timeline and the
 * audit trail say why, and the caller reports it.
 */
export async function reapplyForLinks(tx: Tx, caller: Caller, appIds: string[], details: Record<string, unknown>): Promise<Relinked[]> {
  const deployments = await tx.deployment.findMany({
    where: { appId: { in: appIds }, status: { in: ["queued", "deploying", "running"] } },
    include: {
      app: { select: { id: true, name: true, classification: true, baseImageId: true, team: { select: { slug: true } } } },
      target: { select: { id: true, name: true, kind: true, coordinates: true, labels: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const results: Relinked[] = [];
  for (const deployment of deployments) {
    const settings = await revisionSettings(tx, deployment.id, deployment.desiredRevision);
    const app = { ...deployment.app, teamId: deployment.teamId, teamSlug: deployment.app.team.slug };
    try {
      const after = await addRevision(tx, caller, deployment, app, deployment.target, settings, "links", details);
      results.push({ deploymentId: deployment.id, target: deployment.target.name, revision: after.desiredRevision, refused: null });
    } catch (error) {
      // Both are thrown before addRevision writes anything, so the transaction is intact.
      if (!(error instanceof PolicyViolationError || error instanceof InvalidInputError)) throw error;
      const refused = error instanceof PolicyViolationError ? error.problems.map((p) => p.message).join("; ") : error.message;
      await tx.deploymentEvent.create({ data: { deploymentId: deployment.id, status: deployment.status, message: `Links changed, but revision ${deployment.desiredRevision} stays: ${refused}` } });
      await recordAudit(tx, caller, { action: "deployment.links", outcome: "denied", resourceType: "deployment", resourceId: deployment.id, teamId: deployment.teamId, reason: refused, after: details });
      results.push({ deploymentId: deployment.id, target: deployment.target.name, revision: null, refused });
    }
  }
  return results;
}
