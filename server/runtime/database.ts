import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { asLogin, checkAppRole, EMBEDDED_APP_LOGIN, ensureAppLogin, grantAppRole } from "@/server/db/app-role";
import { withClient } from "@/server/db/database-admin";
import { startEmbeddedPostgres } from "@/server/db/embedded-postgres";
import { applyMigrations, latestMigration } from "@/server/db/migrate";
import { secretFromFile } from "@/server/config/secret-file";
import { installQueue } from "@/server/jobs/install";
import { logger } from "@/server/observability/logger";
import { setting } from "@/server/config/env";

// The database a Bulkhead process runs on, in one of three modes:
// - embedded (no DATABASE_URL): starts Postgres in the data folder, migrates it as its owner, and connects as a
//   login of the app role; writes that login's URL to <data>/app-database-url for a second process;
// - external (DATABASE_URL, the tables' owner): migrates it, and connects as BULKHEAD_APP_DATABASE_URL if set;
// - replica (only BULKHEAD_APP_DATABASE_URL): another process of a running installation; connects as the app,
//   migrates nothing, and refuses to start if the database lacks this code's migrations.

/** Where the embedded default writes the app's connection URL: mode 600, rewritten at every start (the port changes). */
export const APP_URL_FILE = "app-database-url";

type Mode = "embedded" | "external" | "replica";

async function migrateAsOwner(ownerUrl: string, log: Logger): Promise<void> {
  const applied = await applyMigrations(ownerUrl, (line) => log.info(line));
  log.info(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  await grantAppRole(ownerUrl);
  await installQueue(ownerUrl, (line) => log.info(line));
}

async function requireMigrated(appUrl: string, expected: string | null): Promise<void> {
  if (!expected) return;
  const migrated = await withClient(appUrl, async (client) => (await client.query<{ ok: boolean }>('SELECT "bulkhead_migration_applied"($1) AS ok', [expected])).rows[0]?.ok);
  if (!migrated) throw new Error(`The database does not have migration ${expected} yet: start the first process of this installation (the one with DATABASE_URL, or the embedded Postgres) on this version first`);
}

export async function prepareDatabase({ mode, dataDir, log }: { mode: Mode; dataDir: string; log: Logger }): Promise<{ appUrl: string; stop?: () => Promise<void> }> {
  const expected = await latestMigration();
  // Readiness (server/observability/readiness.ts) checks for it.
  if (expected) process.env.BULKHEAD_EXPECTED_MIGRATION = expected;

  if (mode === "replica") {
    const appUrl = setting("BULKHEAD_APP_DATABASE_URL")!;
    await requireMigrated(appUrl, expected);
    log.info("a replica of a running installation: no Postgres started, no migrations applied");
    return { appUrl };
  }

  if (mode === "external") {
    log.info("using the Postgres server in DATABASE_URL (no embedded server started)");
    const ownerUrl = setting("DATABASE_URL");
    await migrateAsOwner(ownerUrl, log);
    const appUrl = setting("BULKHEAD_APP_DATABASE_URL");
    if (!appUrl) {
      log.warn('BULKHEAD_APP_DATABASE_URL is not set, so the app connects with DATABASE_URL\'s role, which owns the tables: the audit trail is protected by triggers only (see README, "Audit trail")');
      return { appUrl: ownerUrl };
    }
    await reportAppRole(appUrl, log);
    return { appUrl };
  }

  const postgresLog = logger().child({ component: "postgres" });
  const postgres = await startEmbeddedPostgres({ dataDir, log: (line) => postgresLog.info(line), takeOverSignals: true });
  try {
    log.info(`embedded Postgres running with data in ${path.join(dataDir, "postgres")}`);
    await migrateAsOwner(postgres.url, log);
    const password = await secretFromFile(dataDir, "postgres-app-password");
    await ensureAppLogin(postgres.url, EMBEDDED_APP_LOGIN, password);
    const appUrl = asLogin(postgres.url, EMBEDDED_APP_LOGIN, password);
    await writeFile(path.join(dataDir, APP_URL_FILE), `${appUrl}\n`, { mode: 0o600 });
    await reportAppRole(appUrl, log);
    log.info(`a second process connects with BULKHEAD_APP_DATABASE_URL=$(cat ${path.join(dataDir, APP_URL_FILE)}) (not a superuser; see README, "Replicas")`);
    return { appUrl, stop: postgres.stop };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

async function reportAppRole(appUrl: string, log: Logger): Promise<void> {
  const check = await checkAppRole(appUrl);
  if (check.restricted) log.info(`the app connects as ${check.user}: it may only read and append to the audit trail`);
  else log.warn(`BULKHEAD_APP_DATABASE_URL's role ${check.user} ${check.reason}: the audit trail is protected by triggers only (see README, "Audit trail")`);
}
