import { db, type Tx } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { recordAudit } from "@/server/audit/record";
import { ConflictError, InvalidInputError, NotFoundError, PolicyViolationError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canCheckDrift, canWriteTeamApps, requireTeam } from "@/server/identity/permissions";
import { enqueue, QUEUES } from "@/server/jobs/queue";
import { adapterFor } from "@/providers/registry";
import type { DeploymentSpec, SecretReference, TargetCoordinates } from "@/providers/types";
import { storedSpec } from "./stored";
import { plainEnvProblems } from "@/server/secrets/plaintext-guard";
import { sameReferences, secretReferencesFor, specSecrets } from "@/server/secrets/references";
import { requireEnabled } from "@/server/targets/enabled";
import { loadDeployment } from "./access";
import { requestDriftCheck } from "./drift";
import { decide, requireAllowed, type PolicyApp, type PolicyTarget } from "./policy-gate";
import type { Waiver } from "@/server/policy/evaluate";
import { REVISION_REASONS, type DeployInput, type DeploymentSettings } from "./schemas";
import { buildSpec, resourceNameFor, settingsOf } from "./spec";
import { resolveDeployImage } from "./image-resolution";
import { resolvedImageRecord, type ResolvedImageRecord } from "./resolved-image";

type AppForSpec = PolicyApp & { name: string; teamSlug: string };

export type RevisionReason = (typeof REVISION_REASONS)[number];

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
  const target = await tx.target.findUnique({ where: { id: input.targetId }, select: { id: true, name: true, kind: true, coordinates: true, labels: true, disabledAt: true, disabledReason: true } });
  if (!target) throw new NotFoundError("Target");
  requireEnabled(target, { action, teamId: app.teamId });
  return { app: { ...app, teamSlug: app.team.slug }, target };
}

/**
 * A developer's plain variables: none may look like a secret unless operators allowed its name for the team, and
 * none may be named like one of the app's secrets on this target (the secret is what the container gets).
 */
async function requirePlainEnv(tx: Tx, teamId: string, env: Record<string, string>, secrets: SecretReference[]) {
  const allowed = await tx.plainEnvAllowance.findMany({ where: { teamId }, select: { name: true } });
  const problems = plainEnvProblems(env, new Set(allowed.map((row) => row.name)));
  for (const secret of secrets) {
    if (Object.hasOwn(env, secret.name)) problems.push({ field: `env.${secret.name}`, message: `${secret.name} is a secret of this app: remove it from the plain variables` });
  }
  if (problems.length) throw new InvalidInputError(problems);
}

/**
 * What a deploy would send to the cloud and what policy says of it, for the preview; nothing is written.
 * A refused deployment has no plan: the decision's reasons say why (no decision: the app declares no base image).
 */
export async function previewDeployment(caller: Caller, input: DeployInput) {
  const { app, target } = await loadAppAndTarget(db(), caller, input, "deployment.preview");
  const image = await resolveDeployImage(app.teamId, input.image, target.kind);
  const existing = await db().deployment.findUnique({ where: { appId_targetId: { appId: app.id, targetId: target.id } }, select: { desiredRevision: true, status: true } });
  const secrets = await secretReferencesFor(db(), app.id, target.id);
  await requirePlainEnv(db(), app.teamId, input.env, secrets);
  const bare = buildSpec(app, input, (existing?.desiredRevision ?? 0) + 1, secrets);
  const decision = await decide(db(), app, target, bare, { placement: !existing || existing.status === "destroyed" ? "new" : "existing", image });
  const spec = decision ? { ...bare, policy: decision.policy } : bare;
  return { target: { name: target.name, kind: target.kind }, spec, image, decision, plan: decision?.allowed ? planFor(target.kind, target.coordinates, spec) : null };
}

/** The resolution an earlier revision of this deployment made of the same image (a rollback, scale or re-apply
 * deploys an image resolved before), or null. */
async function earlierResolution(tx: Tx, deploymentId: string, image: string): Promise<ResolvedImageRecord | null> {
  const revisions = await tx.deploymentRevision.findMany({ where: { deploymentId, resolvedImage: { not: Prisma.AnyNull } }, select: { resolvedImage: true }, orderBy: { number: "desc" }, take: 50 });
  for (const { resolvedImage } of revisions) {
    const record = resolvedImageRecord.safeParse(resolvedImage);
    if (record.success && record.data.image === image) return record.data;
  }
  return null;
}

/** Writes a new revision, moves the deployment to queued and enqueues the work, all in one transaction. An
 * approved break-glass `override` (server/overrides/) waives the refusal it names, and is kept in the revision;
 * `resolvedImage` is the registry's answer for a new image (resolved before the transaction). */
export async function addRevision(
  tx: Tx,
  caller: Caller,
  deployment: { id: string; teamId: string; status: string; desiredRevision: number },
  app: AppForSpec,
  target: PolicyTarget & { kind: string },
  settings: DeploymentSettings,
  reason: RevisionReason,
  auditDetails: Record<string, unknown> = {},
  { override, resolvedImage }: { override?: { id: string; waives: Waiver[] }; resolvedImage?: ResolvedImageRecord | null } = {},
) {
  const number = deployment.desiredRevision + 1;
  const secrets = await secretReferencesFor(tx, app.id, target.id);
  // A plain variable named like a secret set since the settings were stored: the secret supersedes it.
  const superseded = Object.keys(settings.env).filter((name) => secrets.some((secret) => secret.name === name));
  if (superseded.length) settings = { ...settings, env: Object.fromEntries(Object.entries(settings.env).filter(([name]) => !superseded.includes(name))) };
  const bare = buildSpec(app, settings, number, secrets);
  // Policy before the provider's own rules: a refusal names the image, label or setting, and is audited (on the
  // deployment if it existed before this call, with the request, so a break-glass override can name it).
  const existed = deployment.desiredRevision > 0 ? deployment.id : null;
  const refused = { deploymentId: existed, request: { appId: app.id, targetId: target.id, deploymentId: existed, reason, settings } };
  const image = resolvedImage ?? (await earlierResolution(tx, deployment.id, settings.image));
  const options = { placement: reason === "deploy" ? "new" : "existing", waivers: override?.waives, image } as const;
  const decision = await requireAllowed(tx, app, target, bare, `deployment.${reason}`, options, refused);
  const spec: DeploymentSpec = { ...bare, policy: decision.policy };
  const plan = planFor(target.kind, target.coordinates, spec);
  const json = (value: unknown) => value as Prisma.InputJsonValue;
  await tx.deploymentRevision.create({
    data: {
      deploymentId: deployment.id,
      number,
      reason,
      spec: json(spec),
      plan: json(plan),
      decision: json(decision),
      createdById: caller.actor.userId,
      overrideId: override?.id ?? null,
      // What the image is built on when its layers showed it, else what the app declares.
      baseImageId: decision.judgedOn?.id ?? app.baseImageId,
      resolvedImage: image === null ? Prisma.DbNull : json(image),
    },
  });
  const after = await tx.deployment.update({
    where: { id: deployment.id },
    data: { desiredRevision: number, status: "queued", statusMessage: `Revision ${number} queued (${reason})` },
    select: { id: true, status: true, desiredRevision: true, runningRevision: true, targetId: true, appId: true },
  });
  const replaced = superseded.length ? `; ${superseded.join(", ")} now come${superseded.length === 1 ? "s" : ""} from the app's secrets instead of plain variables` : "";
  await tx.deploymentEvent.create({ data: { deploymentId: deployment.id, revision: number, status: "queued", message: `Revision ${number} queued (${reason}) by ${caller.actor.email}${replaced}` } });
  // The app's base image is what its deploys show: when the image's layers show another catalog image than the app
  // declares, the declaration follows them (the deploy's warning said so).
  const judged = decision.judgedOn;
  const rebased = judged?.by === "layers" && judged.id !== app.baseImageId ? judged : null;
  if (rebased) await tx.app.update({ where: { id: app.id }, data: { baseImageId: rebased.id } });
  // Before the audit appends: their lock serialises every writer until commit, so nothing else follows them.
  await enqueue(tx, QUEUES.converge, { deploymentId: deployment.id, revision: number });
  if (rebased) {
    const reason = `base image follows the deployed image's layers: ${rebased.name} ${rebased.version} (revision ${number})`;
    await recordAudit(tx, caller, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: app.id, teamId: app.teamId, before: { baseImageId: app.baseImageId }, after: { baseImageId: rebased.id }, reason });
  }
  await recordAudit(tx, caller, {
    action: `deployment.${reason}`,
    outcome: "ok",
    resourceType: "deployment",
    resourceId: deployment.id,
    teamId: deployment.teamId,
    before: { status: deployment.status, desiredRevision: deployment.desiredRevision },
    after: { ...after, spec: settings, secrets, ...auditDetails, warnings: decision.warnings.map((w) => w.message) },
  });
  return after;
}

function inOneTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db()
    .$transaction(work)
    .catch((error) => {
      if (isUniqueViolation(error)) {
        throw new ConflictError("Another change to this deployment was made at the same moment; try again");
      }
      throw error;
    });
}

export async function deploy(caller: Caller, input: DeployInput) {
  const { appId, targetId, ...settings } = input;
  const resolvedImage = await resolveBeforeWriting(caller, input, "deployment.deploy");
  return inOneTransaction(async (tx) => {
    const { app, target } = await loadAppAndTarget(tx, caller, { appId, targetId }, "deployment.deploy");
    await requirePlainEnv(tx, app.teamId, settings.env, await secretReferencesFor(tx, app.id, target.id));
    const existing = await tx.deployment.findUnique({ where: { appId_targetId: { appId, targetId } } });
    const deployment =
      existing ?? (await tx.deployment.create({ data: { appId, teamId: app.teamId, targetId, resourceName: resourceNameFor(app), status: "queued", desiredRevision: 0 } }));
    const reason = existing && existing.status !== "destroyed" ? "redeploy" : "deploy";
    return addRevision(tx, caller, deployment, app, target, settings, reason, { target: target.name, ...(resolvedImage && { image: resolvedImage }) }, { resolvedImage });
  });
}

/** The deploy's image as its registry resolves it, asked after the caller is known to may deploy the app. */
async function resolveBeforeWriting(caller: Caller, input: DeployInput, action: string): Promise<ResolvedImageRecord | null> {
  const { app, target } = await loadAppAndTarget(db(), caller, input, action);
  return resolveDeployImage(app.teamId, input.image, target.kind);
}

async function revisionSettings(tx: Tx, deploymentId: string, number: number) {
  const revision = await tx.deploymentRevision.findUnique({ where: { deploymentId_number: { deploymentId, number } } });
  if (!revision) throw new NotFoundError(`Revision ${number}`);
  return settingsOf(storedSpec(revision.spec, revision));
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

/** Re-apply: a new revision with the current settings, so the cloud converges again after drift or a deletion outside Bulkhead. */
export async function reapply(caller: Caller, input: { id: string }) {
  return inOneTransaction(async (tx) => {
    const deployment = await loadDeployment(tx, caller, input.id, "deployment.reapply", canWriteTeamApps);
    assertLive(deployment);
    const settings = await revisionSettings(tx, deployment.id, deployment.desiredRevision);
    const app = { ...deployment.app, teamId: deployment.teamId, teamSlug: deployment.app.team.slug };
    return addRevision(tx, caller, deployment, app, deployment.target, settings, "reapply", { drift: deployment.drift, was: deployment.status });
  });
}

/** "Check now": read this deployment's cloud back in the next job cycle rather than at the next sweep. */
export async function checkDriftNow(caller: Caller, input: { id: string }) {
  return inOneTransaction(async (tx) => {
    const deployment = await loadDeployment(tx, caller, input.id, "deployment.check-drift", canCheckDrift);
    if (deployment.status !== "running") throw new ConflictError(`Only a running deployment can be checked for drift; this one is ${deployment.status}`);
    await requestDriftCheck(tx, deployment.id);
    await recordAudit(tx, caller, { action: "deployment.check-drift", outcome: "ok", resourceType: "deployment", resourceId: deployment.id, teamId: deployment.teamId });
    return { queued: true };
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

/** What a link or secret change did to one live deployment: a queued revision, or why policy refused one. */
export interface Reapplied {
  deploymentId: string;
  target: string;
  revision: number | null;
  refused: string | null;
}

type LiveDeployment = Prisma.DeploymentGetPayload<{ include: { app: { select: { id: true; name: true; classification: true; baseImageId: true; team: { select: { slug: true } } } }; target: { select: { id: true; name: true; kind: true; coordinates: true; labels: true } } } }>;

/**
 * Each live (queued, deploying or running) deployment of these apps that `needed` picks gets a new revision with its
 * current settings, planned with the links and secrets as they now are, so a change reaches the cloud. Called inside
 * the change's own transaction, which its service has authorized. A deployment that policy or its provider would now
 * refuse (say its base image was revoked since) keeps its revision; its timeline and the audit trail say why, and
 * the caller reports it.
 */
async function reapplyLive(
  tx: Tx,
  caller: Caller,
  appIds: string[],
  reason: "links" | "secret",
  details: Record<string, unknown>,
  needed: (tx: Tx, deployment: LiveDeployment) => Promise<boolean> = async () => true,
): Promise<Reapplied[]> {
  const deployments = await tx.deployment.findMany({
    where: { appId: { in: appIds }, status: { in: ["queued", "deploying", "running"] } },
    include: {
      app: { select: { id: true, name: true, classification: true, baseImageId: true, team: { select: { slug: true } } } },
      target: { select: { id: true, name: true, kind: true, coordinates: true, labels: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const results: Reapplied[] = [];
  for (const deployment of deployments) {
    if (!(await needed(tx, deployment))) continue;
    const settings = await revisionSettings(tx, deployment.id, deployment.desiredRevision);
    const app = { ...deployment.app, teamId: deployment.teamId, teamSlug: deployment.app.team.slug };
    try {
      const after = await addRevision(tx, caller, deployment, app, deployment.target, settings, reason, details);
      results.push({ deploymentId: deployment.id, target: deployment.target.name, revision: after.desiredRevision, refused: null });
    } catch (error) {
      // Both are thrown before addRevision writes anything, so the transaction is intact.
      if (!(error instanceof PolicyViolationError || error instanceof InvalidInputError)) throw error;
      const refused = error instanceof PolicyViolationError ? error.problems.map((p) => p.message).join("; ") : error.message;
      const what = reason === "links" ? "Links changed" : "Secrets changed";
      await tx.deploymentEvent.create({ data: { deploymentId: deployment.id, status: deployment.status, message: `${what}, but revision ${deployment.desiredRevision} stays: ${refused}` } });
      await recordAudit(tx, caller, { action: `deployment.${reason}`, outcome: "denied", resourceType: "deployment", resourceId: deployment.id, teamId: deployment.teamId, reason: refused, after: details });
      results.push({ deploymentId: deployment.id, target: deployment.target.name, revision: null, refused });
    }
  }
  return results;
}

/** After a link is approved or revoked: every live deployment of both apps is re-planned with the links as they now are. */
export function reapplyForLinks(tx: Tx, caller: Caller, appIds: string[], details: Record<string, unknown>): Promise<Reapplied[]> {
  return reapplyLive(tx, caller, appIds, "links", details);
}

/** After a secret of the app is set, rotated or deleted: each live deployment whose secrets are no longer the current ones. */
export function reapplyForSecrets(tx: Tx, caller: Caller, appId: string, details: Record<string, unknown>): Promise<Reapplied[]> {
  return reapplyLive(tx, caller, [appId], "secret", details, async (tx, deployment) => {
    const revision = await tx.deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId: deployment.id, number: deployment.desiredRevision } }, select: { spec: true } });
    const stored = specSecrets.parse(revision.spec).secrets ?? [];
    return !sameReferences(stored, await secretReferencesFor(tx, deployment.appId, deployment.targetId));
  });
}
