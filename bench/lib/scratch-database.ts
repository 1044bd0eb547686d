import { randomBytes } from "node:crypto";
import { createDatabase, dropDatabase, withDatabaseName } from "@/server/db/database-admin";
import { applyMigrations } from "@/server/db/migrate";

/** A fresh database with every migration applied, on the runner's Postgres server, and a way to drop it. */
export async function scratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await createDatabase(serverUrl, name);
  const url = withDatabaseName(serverUrl, name);
  const drop = () => dropDatabase(serverUrl, name);
  try {
    await applyMigrations(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
}
