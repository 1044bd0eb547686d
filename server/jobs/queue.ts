import { PgBoss, type Job, type QueuePolicy, type WorkOptions } from "pg-boss";
import { logger } from "@/server/observability/logger";
import type { Tx } from "@/server/db/client";
import { setting } from "@/server/config/env";

// Durable jobs in Postgres with pg-boss (12.x): retries with exponential backoff and jitter, a heartbeat that the
// worker holding a job refreshes while it runs, so a crashed worker's job is handed to another within seconds,
// and a lease (expireInSeconds) that bounds how long any one job may run. Its tables live in their own schema,
// "pgboss", which pg-boss migrates itself; under `npm start` the owner does that first (install.ts), since the
// app's own role may not create tables.

export const QUEUES = {
  converge: "deployment-converge",
  poll: "deployment-poll",
  auditVerify: "audit-verify",
  /** Reads one deployment's cloud back; at most one waiting check per deployment (its id is the singleton key). */
  drift: "deployment-drift",
  /** Queues a drift check of every running deployment, then itself again after the interval; one waits at a time. */
  driftSweep: "deployment-drift-sweep",
  targetCheck: "target-check",
  overrideExpiry: "break-glass-expiry",
  /** Moves base images along their lifecycle by their end-of-life dates, then itself again after the next UTC midnight. */
  catalogLifecycle: "base-image-lifecycle",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** "short": one job waiting per singleton key, however many asked for it (pg-boss's queue policies). */
const POLICIES: Partial<Record<QueueName, QueuePolicy>> = { [QUEUES.drift]: "short", [QUEUES.driftSweep]: "short", [QUEUES.catalogLifecycle]: "short" };

/** How every process creates each queue: the launcher's install as the owner, and the app's own start. */
export const queueOptions = (name: QueueName) => ({ ...jobOptions(), policy: POLICIES[name] ?? "standard" });

export const RETRY_LIMIT = 12;
const RETRY_DELAY_MAX_SECONDS = 60;

/** pg-boss refuses a heartbeat under 10 s. */
const MIN_HEARTBEAT_SECONDS = 10;

/** Read when a job is sent, so the lease and heartbeat follow the configuration of the process that sends it. */
export function jobOptions() {
  return {
    retryLimit: RETRY_LIMIT,
    retryDelay: 1,
    retryBackoff: true,
    /** Backoff stops doubling at a minute: a deploy against a flaky cloud tries again within a minute, and gives up
     * (failed, to be redeployed) after about 7 minutes of retries rather than waiting hours between late ones. */
    retryDelayMax: RETRY_DELAY_MAX_SECONDS,
    /** Lease: how long a job may run at all before it is considered lost and retried. */
    expireInSeconds: setting("BULKHEAD_JOB_LEASE_SECONDS"),
    /** A job whose worker has not refreshed its heartbeat for this long is lost (pg-boss: at least 10 s). */
    heartbeatSeconds: Math.max(MIN_HEARTBEAT_SECONDS, setting("BULKHEAD_JOB_HEARTBEAT_SECONDS")),
  };
}

export const QUEUE_SCHEMA = "pgboss";

/** How often this process looks for lost jobs (stale heartbeat or expired lease); pg-boss lets one process per interval do it. */
const maintenanceSeconds = () => setting("BULKHEAD_JOB_MAINTENANCE_SECONDS");
/**
 * How often a worker refreshes the heartbeat of the job it holds: far more often than the 10 s that make a job
 * lost, so a crashed worker's job is lost 8–10 s after its last heartbeat and taken up within ~12 s of the crash.
 */
const HEARTBEAT_REFRESH_SECONDS = 2;

// Typed slots on globalThis (one per process, kept across Next's dev reloads): a global `var` is how TypeScript declares one.
declare global {
  var bulkheadBoss: Promise<PgBoss> | undefined;
  var bulkheadJobsInHand: Set<string> | undefined;
}
const holder = globalThis;
/** Ids of the jobs this process's handlers hold right now. */
const inHand = (holder.bulkheadJobsInHand ??= new Set());

/** The process's pg-boss instance, started on first use (also creates the queues). */
export function queue(): Promise<PgBoss> {
  holder.bulkheadBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: setting("DATABASE_URL"),
      schema: QUEUE_SCHEMA,
      // Lost jobs are noticed within this many seconds: pg-boss 12 fails jobs whose heartbeat or lease ran out in
      // its monitor pass, which runs as often as the longer of these two timers.
      monitorIntervalSeconds: maintenanceSeconds(),
      superviseIntervalSeconds: maintenanceSeconds(),
    });
    boss.on("error", (error) => logger().error({ component: "jobs", err: error.message }, "job queue error"));
    await boss.start();
    for (const name of Object.values(QUEUES)) await boss.createQueue(name, queueOptions(name));
    return boss;
  })();
  return holder.bulkheadBoss;
}

/**
 * Registers a worker whose jobs this process keeps count of, so a shutdown can say how many it handed back.
 * pg-boss refreshes each job's heartbeat while the handler runs (every HEARTBEAT_REFRESH_SECONDS).
 */
export async function work<T extends object>(name: QueueName, options: WorkOptions, handler: (jobs: Job<T>[]) => Promise<void>): Promise<string> {
  const boss = await queue();
  const log = logger().child({ component: "jobs", queue: name });
  return boss.work<T>(name, { heartbeatRefreshSeconds: HEARTBEAT_REFRESH_SECONDS, ...options }, async (jobs) => {
    const started = performance.now();
    for (const job of jobs) {
      inHand.add(job.id);
      log.info({ jobId: job.id }, "job started");
    }
    let outcome = "failed";
    try {
      await handler(jobs);
      outcome = "completed";
    } finally {
      for (const job of jobs) {
        inHand.delete(job.id);
        log.info({ jobId: job.id, outcome, durationMs: Math.round(performance.now() - started) }, "job ended");
      }
    }
  });
}

/** Stops taking new jobs (the jobs in hand go on, and this process can still enqueue). */
export async function stopTakingJobs(): Promise<void> {
  const boss = await holder.bulkheadBoss;
  if (boss) await Promise.all(Object.values(QUEUES).map((name) => boss.offWork(name, { wait: false })));
}

/**
 * Waits up to `timeoutMs` for the jobs in hand to finish, hands the others back to the queue (failed with
 * pg-boss's "shut down while active", so another process retries them at once: every step is idempotent),
 * and stops. Returns how many were handed back.
 */
export async function stopQueue(timeoutMs = 5_000): Promise<number> {
  const boss = await holder.bulkheadBoss;
  holder.bulkheadBoss = undefined;
  if (!boss) return 0;
  const deadline = Date.now() + timeoutMs;
  while (inHand.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const handedBack = inHand.size;
  await boss.stop({ graceful: true, timeout: Math.max(1_000, deadline - Date.now()) });
  inHand.clear();
  return handedBack;
}

/**
 * Enqueues inside the caller's Prisma transaction, so a job exists exactly when the change that
 * needs it committed (no lost work, no job for a rolled-back change).
 */
export async function enqueue(tx: Tx, name: QueueName, data: object, options: { startAfterSeconds?: number; singletonKey?: string } = {}): Promise<void> {
  const boss = await queue();
  await boss.send(name, data, {
    ...jobOptions(),
    startAfter: options.startAfterSeconds,
    singletonKey: options.singletonKey,
    db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe(text, ...values) }) },
  });
}
