// The daily job that moves base images along their lifecycle by their end-of-life dates (lifecycle.ts), each move
// audited as the platform's own (no actor) with the date that caused it. Idempotent: a second run on the same day
// finds nothing due, and a move races nothing (the update names the status it moves from).
import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { enqueue, jobOptions, queue, QUEUES, work } from "@/server/jobs/queue";
import { logger } from "@/server/observability/logger";
import { baseImageSelect } from "./service";
import { DAYS_BEFORE_END, lifecycleMove, RETIRE_ACTIONS } from "./lifecycle";

const system = (runId: string) => ({ actor: null, meta: { requestId: `job-${runId}`, sourceIp: null, userAgent: "bulkhead-worker" } });
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

export interface LifecycleMoveMade {
  id: string;
  image: string;
  from: string;
  to: string;
}

/** Makes every move the end-of-life dates call for on `now` (the clock is an input, so tests set it). */
export async function advanceLifecycle(now: Date, runId = "lifecycle"): Promise<LifecycleMoveMade[]> {
  const candidates = await db().baseImage.findMany({ where: { endOfLife: { not: null }, status: { not: "revoked" } }, select: { id: true, status: true, endOfLife: true } });
  const made: LifecycleMoveMade[] = [];
  for (const candidate of candidates) {
    const status = lifecycleMove(candidate, now);
    if (!status) continue;
    const moved = await db().$transaction(async (tx) => {
      const { count } = await tx.baseImage.updateMany({ where: { id: candidate.id, status: candidate.status }, data: { status } });
      if (!count) return null;
      const after = await tx.baseImage.findUniqueOrThrow({ where: { id: candidate.id }, select: baseImageSelect });
      const days = DAYS_BEFORE_END[status];
      const reason = `End of life ${utcDay(candidate.endOfLife!)}${days ? `: ${days} days ahead` : " reached"}; moved by the daily lifecycle job`;
      await recordAudit(tx, system(runId), { action: RETIRE_ACTIONS[status], outcome: "ok", resourceType: "base-image", resourceId: candidate.id, before: { status: candidate.status }, after, reason });
      return { id: candidate.id, image: `${after.name} ${after.version}`, from: candidate.status, to: status };
    });
    if (moved) made.push(moved);
  }
  return made;
}

/** Seconds until a minute past the next UTC midnight, when the dates next move anything. */
function secondsToNextDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 1);
  return Math.ceil((next - now.getTime()) / 1000);
}

async function run(runId: string): Promise<void> {
  const now = new Date();
  const made = await advanceLifecycle(now, runId);
  if (made.length) logger().info({ component: "catalog", moves: made }, "base images moved along their lifecycle");
  await db().$transaction((tx) => enqueue(tx, QUEUES.catalogLifecycle, {}, { singletonKey: "daily", startAfterSeconds: secondsToNextDay(now) }));
}

/** Starts the worker and, unless a run is waiting already (another replica's, or tonight's), a run now. */
export async function startLifecycleWorkers(): Promise<void> {
  await work<object>(QUEUES.catalogLifecycle, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => run(job.id));
  await (await queue()).send(QUEUES.catalogLifecycle, {}, { ...jobOptions(), singletonKey: "daily" });
}
