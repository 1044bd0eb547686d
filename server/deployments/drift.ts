import type { Job } from "pg-boss";
import { z } from "zod";
import { serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import { recordAudit } from "@/server/audit/record";
import { enqueue, queue, QUEUES } from "@/server/jobs/queue";
import { targetConnection } from "@/server/targets/service";
import { adapterFor } from "@/providers/registry";
import type { DriftedSetting } from "@/providers/types";
import { storedResourceRef, storedSpec } from "./stored";
import { transition, workerMeta } from "./transitions";

// Drift: the reconcile job reads each running deployment back from its cloud (the adapter's observe) and compares
// it with the revision the cloud is known to run. A difference is shown field by field and audited once per new
// difference (`deployment.drift`); a resource deleted outside Bulkhead turns the deployment `missing`. Re-apply
// (commands.ts) makes a new revision from the running one, which converges the cloud again.

export const driftSchema = z.array(z.object({ field: z.string(), expected: z.unknown(), actual: z.unknown() }));
const json = (value: unknown) => value as Prisma.InputJsonValue;

const say = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));
const describe = (drift: DriftedSetting[]) => drift.map((d) => `${d.field}: ${say(d.expected)} → ${say(d.actual)}`).join("; ");

/** One deployment: observe, then record what changed since the last look. A deployment no longer running is left alone. */
export async function checkDrift(deploymentId: string, jobId: string): Promise<void> {
  const deployment = await db().deployment.findUnique({ where: { id: deploymentId }, include: { target: { select: { kind: true } } } });
  const ref = deployment && storedResourceRef(deployment);
  if (!deployment || deployment.status !== "running" || !ref || deployment.runningRevision === null) return;
  const revision = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId, number: deployment.runningRevision } }, select: { deploymentId: true, number: true, spec: true } });
  const adapter = adapterFor(deployment.target.kind);
  const observed = await adapter.observe(storedSpec(revision.spec, revision), ref, await targetConnection(db(), deployment.targetId));
  const now = new Date();
  await db().$transaction(async (tx) => {
    // Read again under the transaction: a deploy may have started meanwhile, and then its revision decides.
    const current = await tx.deployment.findUniqueOrThrow({ where: { id: deploymentId }, select: { status: true, runningRevision: true, drift: true, teamId: true } });
    if (current.status !== "running" || current.runningRevision !== deployment.runningRevision) return;
    if (observed.missing) {
      await tx.deployment.update({ where: { id: deploymentId }, data: { driftCheckedAt: now, drift: Prisma.DbNull, driftSince: now } });
      await transition(tx, jobId, deploymentId, { status: "missing", message: `The cloud resource ${deployment.resourceName} is gone (deleted outside Bulkhead); Re-apply creates it again`, url: null });
      return;
    }
    const before = current.drift === null ? [] : driftSchema.parse(current.drift);
    const same = JSON.stringify(before) === JSON.stringify(observed.drift);
    await tx.deployment.update({
      where: { id: deploymentId },
      data: { driftCheckedAt: now, ...(same ? {} : { drift: observed.drift.length ? json(observed.drift) : Prisma.DbNull, driftSince: observed.drift.length ? now : null }) },
    });
    if (same) return;
    const message = observed.drift.length
      ? `Drift: the cloud differs from revision ${deployment.runningRevision}: ${describe(observed.drift)}`
      : `The cloud matches revision ${deployment.runningRevision} again`;
    await tx.deploymentEvent.create({ data: { deploymentId, revision: deployment.runningRevision, status: "running", message } });
    await recordAudit(tx, workerMeta(jobId), {
      action: observed.drift.length ? "deployment.drift" : "deployment.drift-resolved",
      outcome: "ok",
      resourceType: "deployment",
      resourceId: deploymentId,
      teamId: current.teamId,
      before: { drift: before },
      after: { revision: deployment.runningRevision, drift: observed.drift },
    });
  });
}

/** Queues a check of every running deployment, then the next sweep after the interval. */
async function sweep(): Promise<void> {
  const running = await db().deployment.findMany({ where: { status: "running" }, select: { id: true } });
  await db().$transaction(async (tx) => {
    for (const { id } of running) await enqueue(tx, QUEUES.drift, { deploymentId: id }, { singletonKey: id });
    await enqueue(tx, QUEUES.driftSweep, {}, { singletonKey: "sweep", startAfterSeconds: serverEnv().BULKHEAD_DRIFT_INTERVAL_SECONDS });
  });
}

/** "Check now": a drift check of this deployment at once (one waits per deployment however often it is asked). */
export function requestDriftCheck(tx: Prisma.TransactionClient, deploymentId: string): Promise<void> {
  return enqueue(tx, QUEUES.drift, { deploymentId }, { singletonKey: deploymentId });
}

/** Starts the reconcile workers and, unless one is waiting already (another replica's), the first sweep. */
export async function startDriftWorkers(): Promise<void> {
  const boss = await queue();
  const options = { batchSize: 1, pollingIntervalSeconds: 0.5 } as const;
  await boss.work<{ deploymentId: string }>(QUEUES.drift, options, async ([job]: Job<{ deploymentId: string }>[]) => checkDrift(job.data.deploymentId, job.id));
  await boss.work(QUEUES.driftSweep, options, () => sweep());
  await boss.send(QUEUES.driftSweep, {}, { singletonKey: "sweep" });
}
