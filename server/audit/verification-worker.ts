// The job of a verification run. Each job verifies for a few seconds, saving progress after every page of
// 5000 events, then hands the rest to a new job enqueued in the same transaction as its last save: short jobs
// keep the lease short, so a crashed worker's slice is retried soon and resumes from the last saved page.
// Saves are conditional on the position they continue from, so a duplicate job (a lease that expired while
// its worker still ran) stops at its first save instead of walking twice.
import type { Job } from "pg-boss";
import { db, type Tx } from "@/server/db/client";
import { Prisma, type AuditVerification } from "@/server/db/generated/client";
import { enqueue, QUEUES, RETRY_LIMIT, work } from "@/server/jobs/queue";
import { startCheckpointer } from "./checkpointer";
import { recordAudit } from "./record";
import { TrailVerification, type VerifyProgress } from "./trail-verification";
import type { VerificationJob } from "./verification-runs";

/** How long one job verifies before it continues in a new one (0: one page per job). */
const SLICE_MS = 5_000;

const systemFor = (jobId: string) => ({ actor: null, meta: { requestId: `job-${jobId}`, sourceIp: null, userAgent: "bulkhead-worker" } });

function progressData(progress: VerifyProgress): Prisma.AuditVerificationUpdateManyMutationInput {
  return {
    cursorSequence: progress.last?.sequence ?? null,
    cursorHash: progress.last?.hash ?? null,
    cursorFrontier: progress.frontier ?? Prisma.DbNull,
    checked: BigInt(progress.checked),
    unchained: BigInt(progress.unchained),
  };
}

/** Saves progress only if nobody moved the run on since we read it; false: someone else did. */
async function save(tx: Tx, id: string, position: bigint | null, data: Prisma.AuditVerificationUpdateManyMutationInput): Promise<boolean> {
  const { count } = await tx.auditVerification.updateMany({ where: { id, status: "running", cursorSequence: position }, data });
  return count === 1;
}

/** The first job of a run fixes its end at today's head, so appends meanwhile (its own among them) do not move it. */
async function begin(run: AuditVerification): Promise<AuditVerification | null> {
  const head = await db().auditEvent.findFirst({ orderBy: { sequence: "desc" }, select: { sequence: true } });
  const headSequence = head?.sequence ?? 0n;
  const to = run.toSequence === null || run.toSequence > headSequence ? headSequence : run.toSequence;
  const total = to >= run.fromSequence ? to - run.fromSequence + 1n : 0n; // sequence numbers have no gaps
  const { count } = await db().auditVerification.updateMany({ where: { id: run.id, status: "queued" }, data: { status: "running", startedAt: new Date(), toSequence: to, total } });
  return count ? db().auditVerification.findUnique({ where: { id: run.id } }) : null;
}

async function slice(job: Job<VerificationJob>, sliceMs: number): Promise<void> {
  const found = await db().auditVerification.findUnique({ where: { id: job.data.verificationId } });
  const run = found?.status === "queued" ? await begin(found) : found;
  if (run?.status !== "running") return; // finished, or another job just began it
  let position = run.cursorSequence;

  const resume: VerifyProgress | undefined =
    run.cursorSequence === null
      ? undefined
      : { last: { sequence: run.cursorSequence, hash: run.cursorHash }, checked: Number(run.checked), unchained: Number(run.unchained), frontier: (run.cursorFrontier as VerifyProgress["frontier"]) ?? null };
  const verification = await TrailVerification.open(db(), { from: run.fromSequence, to: run.toSequence ?? undefined }, { registered: true }, resume);
  const deadline = Date.now() + sliceMs;
  for (;;) {
    await verification.step();
    const progress = progressData(verification.progress);
    if (verification.done) {
      const report = verification.report();
      const broken = report.firstBroken;
      const result: Prisma.AuditVerificationUpdateManyMutationInput = {
        ...progress,
        status: report.ok ? "passed" : "broken",
        checkpoints: report.checkpoints,
        brokenSequence: broken ? BigInt(broken.sequence) : null,
        brokenProblem: broken?.problem ?? null,
        brokenDetail: broken?.detail ?? null,
        badCheckpointSequence: report.badCheckpoint ? BigInt(report.badCheckpoint.sequence) : null,
        badCheckpointDetail: report.badCheckpoint?.detail ?? null,
        witnessProblem: report.witnesses.flatMap((witness) => (witness.problem ? [`${witness.name}: ${witness.problem}`] : [])).join("; ") || null,
        finishedAt: new Date(),
      };
      await db().$transaction(async (tx) => {
        if (!(await save(tx, run.id, position, result))) return;
        await recordAudit(tx, systemFor(job.id), {
          action: `audit-verification.${report.ok ? "passed" : "broken"}`,
          outcome: "ok",
          resourceType: "audit-verification",
          resourceId: run.id,
          after: { from: run.fromSequence.toString(), to: run.toSequence?.toString() ?? null, checked: report.checked, head: report.head, firstBroken: broken, badCheckpoint: report.badCheckpoint, witnesses: report.witnesses },
        });
      });
      return;
    }
    const handOver = Date.now() >= deadline;
    const saved = await db().$transaction(async (tx) => {
      if (!(await save(tx, run.id, position, progress))) return false;
      if (handOver) await enqueue(tx, QUEUES.auditVerify, job.data);
      return true;
    });
    if (!saved || handOver) return;
    position = verification.progress.last?.sequence ?? null;
  }
}

/** Errors are thrown so pg-boss retries with backoff (resuming from the last save); the last try fails the run. */
async function handled([job]: Job<VerificationJob>[], sliceMs: number): Promise<void> {
  try {
    await slice(job, sliceMs);
  } catch (error) {
    if (((job as Job<VerificationJob> & { retryCount?: number }).retryCount ?? 0) < RETRY_LIMIT) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await db().$transaction(async (tx) => {
      const { count } = await tx.auditVerification.updateMany({ where: { id: job.data.verificationId, status: { in: ["queued", "running"] } }, data: { status: "failed", error: reason, finishedAt: new Date() } });
      if (count) await recordAudit(tx, systemFor(job.id), { action: "audit-verification.failed", outcome: "failed", resourceType: "audit-verification", resourceId: job.data.verificationId, reason });
    });
  }
}

/** Starts the verification worker in this process (one at a time: a run is sequential work) and, unless told
 * not to, the checkpointer (checkpointer.ts). Returns what stops the checkpointer. */
export async function startAuditWorkers({ sliceMs = SLICE_MS, checkpointer = true }: { sliceMs?: number; checkpointer?: boolean } = {}): Promise<() => void> {
  await work<VerificationJob>(QUEUES.auditVerify, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 0.5 }, (jobs) => handled(jobs, sliceMs));
  return checkpointer ? startCheckpointer() : () => {};
}
