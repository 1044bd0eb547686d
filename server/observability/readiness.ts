import pg from "pg";
import { QUEUE_SCHEMA } from "@/server/jobs/queue";
import { lifecycle } from "@/server/runtime/lifecycle";
import { setting } from "@/server/config/env";

// Readiness for load balancers and orchestrators: ready while the database answers within a second, the
// migrations this code expects are applied and the queue runs (the schema is there, and this process's workers
// take jobs if it runs any). A pool of its own, so a stalled app pool cannot keep this check from answering in time.

const WITHIN_MS = 1_000;

export interface Readiness {
  ready: boolean;
  checks: { database: string; migrations: string; queue: string };
}

// Typed slots on globalThis (one per process, kept across Next's dev reloads): a global `var` is how TypeScript declares one.
declare global {
  var bulkheadReadinessPool: pg.Pool | undefined;
  var bulkheadMigrationsSeen: string | undefined;
}
const holder = globalThis;

function pool(): pg.Pool {
  holder.bulkheadReadinessPool ??= new pg.Pool({ connectionString: setting("DATABASE_URL"), max: 1, connectionTimeoutMillis: WITHIN_MS, query_timeout: WITHIN_MS, idleTimeoutMillis: 30_000 });
  holder.bulkheadReadinessPool.on("error", () => undefined);
  return holder.bulkheadReadinessPool;
}

async function database(): Promise<{ migrated: boolean | null; queueInstalled: boolean }> {
  // The launcher names the newest migration it applied (or found applied); outside it nothing is expected.
  const expected = setting("BULKHEAD_EXPECTED_MIGRATION") ?? null;
  const { rows } = await pool().query<{ migrated: boolean | null; queue: boolean }>(
    `SELECT CASE WHEN $1::text IS NULL THEN NULL ELSE "bulkhead_migration_applied"($1) END AS migrated,
            to_regclass('${QUEUE_SCHEMA}.version') IS NOT NULL AS queue`,
    [expected],
  );
  return { migrated: rows[0].migrated, queueInstalled: rows[0].queue };
}

export async function readiness(): Promise<Readiness> {
  const state = lifecycle();
  const checks: Readiness["checks"] = { database: "ok", migrations: "ok", queue: "ok" };
  try {
    // However the driver behaves on a frozen server, the answer comes within the limit.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no answer")), WITHIN_MS + 250)));
    const { migrated, queueInstalled } = await Promise.race([database(), late]).finally(() => clearTimeout(timer));
    if (migrated === false) checks.migrations = `missing ${setting("BULKHEAD_EXPECTED_MIGRATION")}`;
    if (!queueInstalled) checks.queue = "the job queue's schema is not installed";
    else if (state.runsWorkers && !state.workersRunning) checks.queue = "this process's workers are not taking jobs";
  } catch (error) {
    checks.database = `did not answer within ${WITHIN_MS} ms (${error instanceof Error ? error.message : String(error)})`;
    checks.migrations = checks.queue = "unknown";
  }
  return { ready: Object.values(checks).every((check) => check === "ok"), checks };
}
