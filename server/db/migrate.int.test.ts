// applyMigrations against real Postgres. Each test makes its own empty database on the server of
// DATABASE_URL, because the per-file test database is already migrated.
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, withClient, withDatabaseName } from "./database-admin";
import { applyMigrations, readMigrations } from "./migrate";

const created: string[] = [];

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; the integration test setup provides it");
  return url;
}

async function emptyDatabase(): Promise<string> {
  const name = `bulkhead_migrate_${randomBytes(6).toString("hex")}`;
  await createDatabase(serverUrl(), name);
  created.push(name);
  return withDatabaseName(serverUrl(), name);
}

afterAll(async () => {
  for (const name of created) await dropDatabase(serverUrl(), name);
});

const migrations = (await readMigrations()).migrationDirectories.map(({ path, migrationFile }) => ({
  name: path,
  checksum: migrationFile.content.tag === "ok" ? createHash("sha256").update(migrationFile.content.value).digest("hex") : "",
}));
const names = migrations.map(({ name }) => name);

describe("applyMigrations", () => {
  it("applies each migration once and records it as `prisma migrate deploy` does", async () => {
    const url = await emptyDatabase();
    expect(names.length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual(names);

    await withClient(url, async (client) => {
      const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(["User", "Session", "Account", "Verification", "Team", "Membership", "App", "AuditEvent", "_prisma_migrations"]),
      );
      const recorded = await client.query(
        "SELECT migration_name AS name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
      );
      expect(recorded.rows).toEqual(
        migrations.map(({ name, checksum }) => ({ name, checksum, finished_at: expect.any(Date), rolled_back_at: null, applied_steps_count: 1 })),
      );
    });

    expect(await applyMigrations(url)).toEqual([]);
  });

  it("lets two migrators run against the same database at once", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect(results).toContainEqual(names);
    expect(results).toContainEqual([]);
    const count = await withClient(url, (client) => client.query<{ n: number }>("SELECT count(*)::int AS n FROM _prisma_migrations"));
    expect(count.rows[0]?.n).toBe(names.length);
  });

  it("names the migration that failed, and keeps refusing until it is resolved", async () => {
    const url = await emptyDatabase();
    const [first] = names;
    // A schema without its migration records: applying the first migration again collides with it. (On a
    // database that is merely not empty, the engine refuses before any migration, as Prisma does: P3005.)
    await applyMigrations(url);
    await withClient(url, (client) => client.query("DELETE FROM _prisma_migrations"));
    await expect(applyMigrations(url)).rejects.toThrow(`Migration ${first} failed: Error querying the database: ERROR: type "Role" already exists`);
    await expect(applyMigrations(url)).rejects.toThrow(`The \`${first}\` migration started at`);
  });
});
