// On the run's Postgres server (server/db/scratch-server.ts): its version, and fresh migrated databases, one
// per benchmark, dropped when the run ends.
import { withClient } from "@/server/db/database-admin";
import { atRunEnd } from "./run-end";
import { scratchDatabase } from "./scratch-database";

export async function serverVersion(serverUrl: string): Promise<string> {
  return withClient(serverUrl, async (client) => (await client.query<{ server_version: string }>("SHOW server_version")).rows[0].server_version);
}

/** A new database with every migration applied; its URL. Dropped at the end of the run. */
export async function freshDatabase(serverUrl: string, label: string): Promise<string> {
  const database = await scratchDatabase(serverUrl, `bulkhead_bench_${label}`);
  atRunEnd(database.drop);
  return database.url;
}
