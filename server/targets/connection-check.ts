import type { Job } from "pg-boss";
import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { enqueue, QUEUES, work } from "@/server/jobs/queue";
import { ProviderError } from "@/providers/errors";
import { adapterFor } from "@/providers/registry";
import { targetConnection } from "./service";

// "Test connection": a cheap authenticated read on the provider (the adapter's testConnection), run as a job
// like every cloud call, so the request that asks for it only records the request. The page polls the check
// for the provider's answer. One attempt, bounded in time: a check says how things stand now.

const CHECK_WITHIN_MS = 20_000;

interface CheckJob {
  checkId: string;
}

export async function startConnectionCheck(caller: Caller, targetId: string) {
  return db().$transaction(async (tx) => {
    const target = await tx.target.findUnique({ where: { id: targetId }, select: { id: true, name: true } });
    if (!target) throw new NotFoundError("Target");
    const check = await tx.targetConnectionCheck.create({ data: { targetId, requestedById: caller.actor.userId }, select: { id: true, status: true, message: true, createdAt: true, finishedAt: true } });
    await enqueue(tx, QUEUES.targetCheck, { checkId: check.id } satisfies CheckJob);
    await recordAudit(tx, caller, { action: "target.test-connection", outcome: "ok", resourceType: "target", resourceId: targetId, after: { checkId: check.id }, reason: `connection test of ${target.name} requested` });
    return check;
  });
}

export async function getConnectionCheck(id: string) {
  const check = await db().targetConnectionCheck.findUnique({ where: { id }, select: { id: true, targetId: true, status: true, message: true, createdAt: true, finishedAt: true } });
  if (!check) throw new NotFoundError("Connection check");
  return check;
}

function withinTime<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderError("unavailable", `The provider did not answer within ${CHECK_WITHIN_MS / 1000} s`)), CHECK_WITHIN_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Runs one check and records its answer with its audit event; a check already answered is left alone. */
async function runCheck(job: Job<CheckJob>): Promise<void> {
  const check = await db().targetConnectionCheck.findUnique({ where: { id: job.data.checkId }, include: { target: { select: { id: true, name: true, kind: true } } } });
  if (!check || check.status !== "queued") return;
  let passed: boolean;
  let message: string;
  try {
    const connection = { ...(await targetConnection(db(), check.targetId)), maxAttempts: 1 };
    message = await withinTime(adapterFor(check.target.kind).testConnection(connection));
    passed = true;
  } catch (error) {
    // ProviderErrors are written for people and carry no credential; anything else is not shown as is.
    message = error instanceof ProviderError ? error.message : "The check failed unexpectedly; the server log has the details";
    passed = false;
  }
  await db().$transaction(async (tx) => {
    const { count } = await tx.targetConnectionCheck.updateMany({ where: { id: check.id, status: "queued" }, data: { status: passed ? "passed" : "failed", message, finishedAt: new Date() } });
    if (!count) return;
    await recordAudit(tx, { actor: null, meta: { requestId: `job-${job.id}`, sourceIp: null, userAgent: "bulkhead-worker" } }, {
      action: "target.connection-check",
      outcome: passed ? "ok" : "failed",
      resourceType: "target",
      resourceId: check.targetId,
      after: { checkId: check.id, passed },
      reason: message,
    });
  });
}

export async function startConnectionCheckWorkers(concurrency = 2): Promise<void> {
  for (let i = 0; i < concurrency; i++) await work<CheckJob>(QUEUES.targetCheck, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 0.5 }, ([job]) => runCheck(job));
}
