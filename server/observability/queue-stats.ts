import { db } from "@/server/db/client";
import { QUEUE_SCHEMA } from "@/server/jobs/queue";

export interface QueueStat {
  queue: string;
  state: "created" | "retry" | "active";
  jobs: number;
  /** Seconds since the oldest job of this state became due (its start_after); 0 for active jobs. */
  oldestDueSeconds: number;
}

/** Unfinished jobs per queue and state, straight from pg-boss's table, for the metrics scrape. */
export async function queueStats(): Promise<QueueStat[]> {
  const rows = await db().$queryRawUnsafe<{ queue: string; state: QueueStat["state"]; jobs: bigint; oldest: number | null }[]>(`
    SELECT name AS queue, state::text AS state, count(*) AS jobs,
           extract(epoch FROM now() - min(start_after) FILTER (WHERE state <> 'active' AND start_after <= now()))::float8 AS oldest
    FROM "${QUEUE_SCHEMA}".job WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`);
  return rows.map((row) => ({ queue: row.queue, state: row.state, jobs: Number(row.jobs), oldestDueSeconds: Math.max(0, row.oldest ?? 0) }));
}
