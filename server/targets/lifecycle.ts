import { identityFieldsOf } from "@/providers/registry";
import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { ConflictError, InvalidInputError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { targetPublicSelect, type TargetView, getTarget, nameClash, sealedCredentials } from "./service";
import type { DisableTargetInput, RotateCredentialsInput, UpdateTargetInput } from "./schemas";

// A registered target's life: its settings edited, its credentials rotated, disabled (no new deploys) and
// enabled again, deleted once nothing lives on it. Each change and its audit event share one transaction;
// credentials appear in the trail only as their summary and fingerprint.

async function existing(id: string) {
  const target = await db().target.findUnique({ where: { id }, select: targetPublicSelect });
  if (!target) throw new NotFoundError("Target");
  return target;
}

const audit = (id: string) => ({ resourceType: "target", resourceId: id, outcome: "ok" as const });

/** Name, labels, TLS infrastructure, network settings and endpoint; never where its deployments live. */
export async function updateTarget(caller: Caller, input: UpdateTargetInput): Promise<TargetView> {
  const before = await existing(input.id);
  const stored = before.coordinates as Record<string, unknown>;
  const given = input.coordinates as Record<string, unknown>;
  const moved = identityFieldsOf(before.kind).filter((field) => stored[field] !== given[field]);
  if (moved.length) {
    throw new InvalidInputError(
      moved.map((field) => ({ field: `coordinates.${field}`, message: `cannot change: it says where this target's deployments live (${String(stored[field])}); register a new target instead` })),
    );
  }
  try {
    await db().$transaction(async (tx) => {
      const after = await tx.target.update({
        where: { id: input.id },
        data: { name: input.name, coordinates: input.coordinates, labels: input.labels, endpoint: input.endpoint, caCertificate: input.caCertificate },
        select: targetPublicSelect,
      });
      await recordAudit(tx, caller, { ...audit(input.id), action: "target.update", before, after });
    });
  } catch (error) {
    throw nameClash(error, input.name);
  }
  return getTarget(caller.actor, input.id);
}

/** New credentials replace the old at once; the next deploy step (and the next token) uses them. */
export async function rotateCredentials(caller: Caller, input: RotateCredentialsInput): Promise<TargetView> {
  const target = await existing(input.id);
  if (input.credentials.kind !== target.kind) {
    throw new InvalidInputError([{ field: "credentials.kind", message: `Credentials must be for ${target.kind}, the provider of this target` }]);
  }
  await db().$transaction(async (tx) => {
    const after = await tx.target.update({ where: { id: target.id }, data: { ...sealedCredentials(target.id, input.credentials), credentialsRotatedAt: new Date() }, select: targetPublicSelect });
    await recordAudit(tx, caller, {
      ...audit(target.id),
      action: "target.rotate-credentials",
      before: { credentials: target.credentialsSummary },
      after: { credentials: after.credentialsSummary },
      reason: `credentials of ${target.name} rotated`,
    });
  });
  return getTarget(caller.actor, target.id);
}

export async function disableTarget(caller: Caller, input: DisableTargetInput): Promise<TargetView> {
  const target = await existing(input.id);
  if (target.disabledAt) throw new ConflictError(`${target.name} is already disabled`);
  await db().$transaction(async (tx) => {
    const after = await tx.target.update({ where: { id: target.id }, data: { disabledAt: new Date(), disabledReason: input.reason }, select: targetPublicSelect });
    await recordAudit(tx, caller, { ...audit(target.id), action: "target.disable", before: target, after, reason: input.reason });
  });
  return getTarget(caller.actor, target.id);
}

export async function enableTarget(caller: Caller, id: string): Promise<TargetView> {
  const target = await existing(id);
  if (!target.disabledAt) throw new ConflictError(`${target.name} is not disabled`);
  await db().$transaction(async (tx) => {
    const after = await tx.target.update({ where: { id }, data: { disabledAt: null, disabledReason: "" }, select: targetPublicSelect });
    await recordAudit(tx, caller, { ...audit(id), action: "target.enable", before: target, after });
  });
  return getTarget(caller.actor, id);
}

/**
 * Deletes a target on which nothing lives any more, with the records of the deployments destroyed on it (their
 * history stays in the audit trail). While deployments live on it, refused naming them (audited as denied against
 * the target by the API's refusal middleware, server/trpc/refusal-targets.ts).
 */
export async function deleteTarget(caller: Caller, id: string): Promise<{ id: string; name: string }> {
  const target = await existing(id);
  const refused = await db().$transaction(async (tx) => {
    // Held until commit: a deploy to this target waits (its deployment row needs the target), so none slips
    // in between the check and the delete.
    await tx.$queryRaw`SELECT 1 FROM "Target" WHERE "id" = ${id} FOR UPDATE`;
    const live = await tx.deployment.findMany({
      where: { targetId: id, status: { not: "destroyed" } },
      select: { id: true, status: true, app: { select: { name: true, team: { select: { name: true } } } } },
      orderBy: { createdAt: "asc" },
    });
    if (live.length) return live.map((d) => `${d.app.name} of ${d.app.team.name} (${d.status})`);
    const removed = await tx.deployment.deleteMany({ where: { targetId: id } });
    await tx.target.delete({ where: { id } });
    await recordAudit(tx, caller, { ...audit(id), action: "target.delete", before: target, after: { destroyedDeploymentsRemoved: removed.count } });
    return null;
  });
  if (refused) {
    const reason = `${target.name} still has ${refused.length} live deployment${refused.length === 1 ? "" : "s"}: ${refused.join(", ")}. Destroy ${refused.length === 1 ? "it" : "them"} first`;
    throw new ConflictError(reason);
  }
  return { id, name: target.name };
}
