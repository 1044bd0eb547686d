import { PgBoss } from "pg-boss";
import type { Tx } from "@/server/db/client";

// Durable jobs in Postgres with pg-boss (12.x): retries with
// exponential backoff and jitter, and a lease (expireInSeconds) after which a crashed worker's job is
// handed to another. Its tables live in their own schema, "pgboss", which pg-boss migrates itself; under
// `npm start` the owner does that first (install.ts), since the app's own role may not create tables.

export const QUEUES = { converge: "deployment-converge", poll: "deployment-poll", auditVerify: "audit-verify", overrideExpiry: "break-glass-expiry" } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const RETRY_LIMIT = 12;

/** Read when a job is sent, so the lease follows the configuration of the process that sends it. */
export function jobOptions() {
  return {
    retryLimit: RETRY_LIMIT,
    retryDelay: 1,
    retryBackoff: true,
    /** Lease: how long a job may run before it is considered lost and retried. */
    expireInSeconds: Number(process.env.BULKHEAD_JOB_LEASE_SECONDS ?? 60),
  };
}

export const QUEUE_SCHEMA = "pgboss";

const maintenanceSeconds = () => Number(process.env.BULKHEAD_JOB_MAINTENANCE_SECONDS ?? 30);

const holder = globalThis as unknown as { bulkheadBoss?: Promise<PgBoss> };

/** The process's pg-boss instance, started on first use (also creates the queues). */
export function queue(): Promise<PgBoss> {
  holder.bulkheadBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: process.env.DATABASE_URL,
      schema: QUEUE_SCHEMA,
      // Lost jobs (lease expired) are noticed within this many seconds: pg-boss 12 expires jobs in its
      // monitor pass, which runs as often as the longer of these two timers.
      monitorIntervalSeconds: maintenanceSeconds(),
      superviseIntervalSeconds: maintenanceSeconds(),
    });
    boss.on("error", (error) => console.error("[jobs]", error.message));
    await boss.start();
    for (const name of Object.values(QUEUES)) await boss.createQueue(name, jobOptions());
    return boss;
  })();
  return holder.bulkheadBoss;
}

export async function stopQueue(): Promise<void> {
  const boss = await holder.bulkheadBoss;
  holder.bulkheadBoss = undefined;
  await boss?.stop({ graceful: true, timeout: 5_000 });
}

/**
 * Enqueues inside the caller's Prisma transaction, so a job exists exactly when the change that
 * needs it committed (no lost work, no job for a rolled-back change).
 */
export async function enqueue(tx: Tx, name: QueueName, data: object, options: { startAfterSeconds?: number } = {}): Promise<void> {
  const boss = await queue();
  await boss.send(name, data, {
    ...jobOptions(),
    startAfter: options.startAfterSeconds,
    db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe(text, ...values) }) },
  });
}
