import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/server/db/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { recordAudit } from "@/server/audit/record";
import { reapplyForSecrets } from "@/server/deployments/commands";
import { ConflictError, InvalidInputError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canReadTeam, canWriteTeamApps, requireTeam } from "@/server/identity/permissions";
import { fingerprintOf, sealValue } from "./envelope";
import { specSecrets } from "./references";
import type { SecretKeyInput, SetSecretInput } from "./schemas";

// App secrets: set (a first version), rotate (a new version), delete. Write-only: nothing here returns a value.
// Each change and its audit event commit together with a new revision for every live deployment whose secrets it
// changes, so the change reaches the clouds through the usual deploy jobs.

const LIVE = ["queued", "deploying", "running"] as const;

async function loadApp(tx: Tx, caller: Caller, appId: string, action: string, allowed: typeof canReadTeam) {
  const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true, name: true, teamId: true } });
  if (!app) throw new NotFoundError("App");
  requireTeam(caller.actor, app.teamId, allowed, { action, resourceType: "app", resourceId: appId, reason: "app belongs to a team the actor may not act for" }, "App");
  return app;
}

async function targetName(tx: Tx, targetId: string | undefined): Promise<string | null> {
  if (!targetId) return null;
  const target = await tx.target.findUnique({ where: { id: targetId }, select: { name: true } });
  if (!target) throw new InvalidInputError([{ field: "targetId", message: "That target does not exist" }]);
  return target.name;
}

function inOneTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db()
    .$transaction(work)
    .catch((error) => {
      if (isUniqueViolation(error)) {
        throw new ConflictError("This secret was changed by someone else at the same moment; try again", "name");
      }
      throw error;
    });
}

/** The app's secrets for its page: names, scope, current version and fingerprint, who set it, and who uses which version. */
export async function listSecrets(caller: Caller, appId: string) {
  const app = await loadApp(db(), caller, appId, "secret.list", canReadTeam);
  const secrets = await db().appSecret.findMany({
    where: { appId },
    select: { id: true, name: true, currentVersion: true, target: { select: { id: true, name: true } }, versions: { orderBy: { version: "desc" }, take: 1, select: { fingerprint: true, createdByEmail: true, createdAt: true } } },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
  const deployments = await db().deployment.findMany({ where: { appId, status: { in: [...LIVE] } }, select: { id: true, status: true, desiredRevision: true, targetId: true, target: { select: { name: true } } } });
  const revisions = deployments.length
    ? await db().deploymentRevision.findMany({ where: { OR: deployments.map((d) => ({ deploymentId: d.id, number: d.desiredRevision })) }, select: { deploymentId: true, spec: true } })
    : [];
  const specOf = new Map(revisions.map((revision) => [revision.deploymentId, specSecrets.parse(revision.spec).secrets ?? []]));
  // A deployment uses a secret when its revision names it and this secret is the one that applies on its target.
  const applies = (secret: (typeof secrets)[number], targetId: string) =>
    secret.target ? secret.target.id === targetId : !secrets.some((other) => other.name === secret.name && other.target?.id === targetId);
  return {
    can: { write: canWriteTeamApps(caller.actor, app.teamId) },
    secrets: secrets.map((secret) => ({
      name: secret.name,
      target: secret.target,
      version: secret.currentVersion,
      fingerprint: secret.versions[0].fingerprint,
      setBy: secret.versions[0].createdByEmail,
      setAt: secret.versions[0].createdAt,
      usedBy: deployments.flatMap((deployment) => {
        const ref = specOf.get(deployment.id)?.find((r) => r.name === secret.name);
        return ref && applies(secret, deployment.targetId) ? [{ deploymentId: deployment.id, target: deployment.target.name, status: deployment.status, version: ref.version }] : [];
      }),
    })),
  };
}

/** Sets a secret's first version, or rotates it to a new one. */
export async function setSecret(caller: Caller, input: SetSecretInput) {
  return inOneTransaction(async (tx) => {
    const existing = await tx.appSecret.findFirst({ where: { appId: input.appId, name: input.name, targetId: input.targetId ?? null }, select: { id: true, currentVersion: true } });
    const action = existing ? "secret.rotate" : "secret.set";
    const app = await loadApp(tx, caller, input.appId, action, canWriteTeamApps);
    const target = await targetName(tx, input.targetId);
    const version = (existing?.currentVersion ?? 0) + 1;
    const secretId = existing?.id ?? randomUUID();
    if (existing) await tx.appSecret.update({ where: { id: secretId }, data: { currentVersion: version } });
    else await tx.appSecret.create({ data: { id: secretId, appId: app.id, teamId: app.teamId, name: input.name, targetId: input.targetId ?? null, currentVersion: version } });
    const fingerprint = fingerprintOf(input.value);
    await tx.appSecretVersion.create({
      data: { secretId, version, fingerprint, ...sealValue(input.value, `${secretId}:${version}`), createdById: caller.actor.userId, createdByEmail: caller.actor.email },
    });
    const previous = existing ? await tx.appSecretVersion.findUniqueOrThrow({ where: { secretId_version: { secretId, version: existing.currentVersion } }, select: { fingerprint: true } }) : null;
    const after = { app: app.name, name: input.name, target, version, fingerprint };
    await recordAudit(tx, caller, {
      action,
      outcome: "ok",
      resourceType: "secret",
      resourceId: secretId,
      teamId: app.teamId,
      before: existing ? { ...after, version: existing.currentVersion, fingerprint: previous!.fingerprint } : undefined,
      after,
    });
    const redeployed = await reapplyForSecrets(tx, caller, app.id, { secret: input.name, version, fingerprint });
    return { secret: after, redeployed };
  });
}

/** Deletes a secret with all its versions; live deployments that used it get a revision without it. */
export async function deleteSecret(caller: Caller, input: SecretKeyInput) {
  return inOneTransaction(async (tx) => {
    const secret = await tx.appSecret.findFirst({ where: { appId: input.appId, name: input.name, targetId: input.targetId ?? null }, select: { id: true, currentVersion: true } });
    const app = await loadApp(tx, caller, input.appId, "secret.delete", canWriteTeamApps);
    if (!secret) throw new NotFoundError("Secret");
    const current = await tx.appSecretVersion.findUniqueOrThrow({ where: { secretId_version: { secretId: secret.id, version: secret.currentVersion } }, select: { fingerprint: true } });
    await tx.appSecret.delete({ where: { id: secret.id } });
    const before = { app: app.name, name: input.name, target: await targetName(tx, input.targetId), version: secret.currentVersion, fingerprint: current.fingerprint };
    await recordAudit(tx, caller, { action: "secret.delete", outcome: "ok", resourceType: "secret", resourceId: secret.id, teamId: app.teamId, before });
    const redeployed = await reapplyForSecrets(tx, caller, app.id, { secret: input.name, deleted: true });
    return { secret: before, redeployed };
  });
}
