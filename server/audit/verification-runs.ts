// Verification runs (a background job each): millions of events take longer than a web request should. Starting
// a run writes its row, its audit event and its job in one transaction; the worker (verification-worker.ts)
// reports progress on the row, which the compliance page polls.
import type { AuditVerification } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { enqueue, QUEUES } from "@/server/jobs/queue";
import { recordAudit } from "./record";
import type { AuditVerifyInput } from "./schemas";

export interface VerificationJob {
  verificationId: string;
}

/** What the API returns: numbers for counts (far below 2^53), sequence numbers as strings. */
export function presentVerification(run: AuditVerification) {
  const text = (value: bigint | null) => (value === null ? null : value.toString());
  return {
    id: run.id,
    status: run.status,
    from: run.fromSequence.toString(),
    to: text(run.toSequence),
    requestedByEmail: run.requestedByEmail,
    total: run.total === null ? null : Number(run.total),
    checked: Number(run.checked),
    unchained: Number(run.unchained),
    checkpoints: run.checkpoints,
    /** The last event verified: on a passed run, the head of the range and its hash. */
    head: run.cursorSequence === null ? null : { sequence: run.cursorSequence.toString(), hash: run.cursorHash },
    firstBroken: run.brokenSequence === null ? null : { sequence: run.brokenSequence.toString(), problem: run.brokenProblem!, detail: run.brokenDetail! },
    badCheckpoint: run.badCheckpointSequence === null ? null : { sequence: run.badCheckpointSequence.toString(), detail: run.badCheckpointDetail! },
    /** A witness that could not be consulted, or witnesses that disagree. */
    witnessProblem: run.witnessProblem,
    /** Why the job could not finish (status failed). */
    failure: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
export type VerificationView = ReturnType<typeof presentVerification>;

export async function startVerification(caller: Caller, input: AuditVerifyInput): Promise<VerificationView> {
  return db().$transaction(async (tx) => {
    const run = await tx.auditVerification.create({
      data: {
        fromSequence: BigInt(input.from ?? 1),
        toSequence: input.to === undefined ? null : BigInt(input.to),
        requestedById: caller.actor.userId,
        requestedByEmail: caller.actor.email,
      },
    });
    await recordAudit(tx, caller, {
      action: "audit-verification.start",
      outcome: "ok",
      resourceType: "audit-verification",
      resourceId: run.id,
      after: { from: run.fromSequence.toString(), to: run.toSequence?.toString() ?? null },
    });
    await enqueue(tx, QUEUES.auditVerify, { verificationId: run.id } satisfies VerificationJob);
    return presentVerification(run);
  });
}

/** One run by id, or the latest when no id is given (null when there is none yet). */
export async function getVerification(id?: string): Promise<VerificationView | null> {
  const run = id ? await db().auditVerification.findUnique({ where: { id } }) : await db().auditVerification.findFirst({ orderBy: { createdAt: "desc" } });
  if (!run && id) throw new NotFoundError("Verification");
  return run && presentVerification(run);
}
