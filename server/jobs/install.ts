// Installs (or upgrades) pg-boss's schema and creates every queue as the database owner, then lets the app role
// use them. pg-boss creates a partition table per queue, which needs CREATE on its schema and ownership of
// its job table: rights the application role must not have. Once installed, pg-boss running as the app only
// reads and writes rows (its start finds the schema current, createQueue of an existing queue inserts nothing).
import { PgBoss } from "pg-boss";
import pg from "pg";
import { APP_ROLE } from "@/server/db/app-role";
import { withClient } from "@/server/db/database-admin";
import { jobOptions, QUEUE_SCHEMA, QUEUES, queueOptions } from "./queue";

/** pg-boss 10 wrote schema version 24; 12 migrates only from 25 (11.0) on, so older installs are moved here. */
const FIRST_MIGRATABLE_VERSION = 25;
const RETIRED_SCHEMA = `${QUEUE_SCHEMA}_v10`;

export async function installQueue(ownerUrl: string, log: (line: string) => void = () => {}): Promise<void> {
  const retired = await retireUnmigratableSchema(ownerUrl);
  // Scheduling stays on, as in the app: its start creates pg-boss's own cron queue, another partition table.
  const boss = new PgBoss({ connectionString: ownerUrl, schema: QUEUE_SCHEMA, supervise: false });
  await boss.start();
  try {
    for (const name of Object.values(QUEUES)) await boss.createQueue(name, queueOptions(name));
    if (retired) {
      const moved = await moveUnfinishedJobs(ownerUrl, boss);
      log(`job queue upgraded from pg-boss 10: ${moved} unfinished job(s) carried over`);
    }
  } finally {
    await boss.stop({ graceful: false });
  }
  await withClient(ownerUrl, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    if (!rowCount) return;
    const [schema, role] = [pg.escapeIdentifier(QUEUE_SCHEMA), pg.escapeIdentifier(APP_ROLE)];
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`);
  });
}

/**
 * pg-boss 12 cannot migrate a pg-boss 10 schema in place, so that schema is renamed out of the way (pg-boss
 * then installs a fresh one) and its unfinished jobs are carried over afterwards. True when a renamed schema
 * is waiting to be carried over, also one left by an upgrade that stopped half-way.
 */
async function retireUnmigratableSchema(ownerUrl: string): Promise<boolean> {
  return withClient(ownerUrl, async (client) => {
    const exists = async (schema: string) =>
      Boolean((await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'version'", [schema])).rowCount);
    if (await exists(QUEUE_SCHEMA)) {
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${pg.escapeIdentifier(QUEUE_SCHEMA)}.version`);
      if (rows[0] && rows[0].version < FIRST_MIGRATABLE_VERSION) {
        await client.query(`ALTER SCHEMA ${pg.escapeIdentifier(QUEUE_SCHEMA)} RENAME TO ${pg.escapeIdentifier(RETIRED_SCHEMA)}`);
      }
    }
    return exists(RETIRED_SCHEMA);
  });
}

type RetiredJob = { name: string; data: object; priority: number; retry_limit: number; retry_count: number; start_after: Date; singleton_key: string | null };

/**
 * Created, retrying and active jobs of the old schema are sent again: every job Bulkhead queues is idempotent
 * (keyed by its revision or run), and no pg-boss 10 worker is left to finish an active one. Inserting them and
 * dropping the old schema is one transaction, so a failure leaves both as they were, to be retried at the next start.
 */
async function moveUnfinishedJobs(ownerUrl: string, boss: PgBoss): Promise<number> {
  return withClient(ownerUrl, async (client) => {
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<RetiredJob>(
        `SELECT name, data, priority, retry_limit, retry_count, start_after, singleton_key
           FROM ${pg.escapeIdentifier(RETIRED_SCHEMA)}.job WHERE state IN ('created', 'retry', 'active') ORDER BY created_on`,
      );
      const known = new Set<string>(Object.values(QUEUES));
      const jobs = rows.filter((row) => known.has(row.name));
      const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
      for (const job of jobs) {
        await boss.insert(
          job.name,
          [{ ...jobOptions(), data: job.data, priority: job.priority, retryLimit: Math.max(job.retry_limit - job.retry_count, 1), startAfter: job.start_after, singletonKey: job.singleton_key ?? undefined }],
          { db },
        );
      }
      await client.query(`DROP SCHEMA ${pg.escapeIdentifier(RETIRED_SCHEMA)} CASCADE`);
      await client.query("COMMIT");
      return jobs.length;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}
