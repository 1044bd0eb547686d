// Installs (or upgrades) pg-boss's schema and creates every queue as the database owner, then lets the app role
// use them. pg-boss creates a partition table per queue, which needs CREATE on its schema and ownership of
// its job table: rights the application role must not have. Once installed, pg-boss running as the app only
// reads and writes rows (its start finds the schema current, createQueue of an existing queue inserts nothing).
import PgBoss from "pg-boss";
import pg from "pg";
import { APP_ROLE } from "@/server/db/app-role";
import { withClient } from "@/server/db/database-admin";
import { jobOptions, QUEUE_SCHEMA, QUEUES } from "./queue";

export async function installQueue(ownerUrl: string): Promise<void> {
  // Scheduling stays on, as in the app: its start creates pg-boss's own cron queue, another partition table.
  const boss = new PgBoss({ connectionString: ownerUrl, schema: QUEUE_SCHEMA, supervise: false });
  await boss.start();
  try {
    for (const name of Object.values(QUEUES)) await boss.createQueue(name, { name, ...jobOptions() });
  } finally {
    await boss.stop({ graceful: false, wait: true });
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
