// Applies prisma/migrations like `prisma migrate deploy` (same folder layout, same `_prisma_migrations`
// records) through the WASM schema engine, because the CLI's native engine cannot be downloaded offline.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SchemaEngineError, withSchemaEngine, type MigrationList } from "./schema-engine";

export const migrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/** Serialises migrators of one database (advisory locks are per database). Not Prisma's own key, 72707369,
 * which the engine takes on a pooled connection of its own: sharing it would deadlock. */
const MIGRATION_LOCK_KEY = 0x42554c4b; // "BULK"

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The migrations folder in the shape the engine takes (what Prisma's CLI reads from disk). */
export async function readMigrations(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(dir, name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/** The newest migration of this code (folder names sort by time), or null when there is none. */
export async function latestMigration(dir = migrationsDir): Promise<string | null> {
  const { migrationDirectories } = await readMigrations(dir);
  return migrationDirectories.at(-1)?.path ?? null;
}

/** Applies the migrations not yet applied to the database; returns their names (none when up to date). */
export async function applyMigrations(databaseUrl: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const migrationsList = await readMigrations();
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK_KEY]);
    if (!rows[0]?.locked) {
      log("another process is migrating this database; waiting for it to finish");
      await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    }
    const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).catch(
      (error: unknown) => {
        if (error instanceof SchemaEngineError && error.migrationName) throw new Error(`Migration ${error.migrationName} failed: ${error.message}`, { cause: error });
        throw new Error(`Could not apply migrations: ${error instanceof Error ? error.message : error}`, { cause: error });
      },
    );
    return appliedMigrationNames;
  } finally {
    await lock.end(); // ending the session releases the advisory lock
  }
}
