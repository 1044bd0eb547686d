import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, withDatabaseName } from "@/server/db/database-admin";
import { startEmbeddedPostgres } from "@/server/db/embedded-postgres";
import { applyMigrations } from "@/server/db/migrate";

// Integration tests: one Postgres server (DATABASE_URL's, or an embedded one in a temp folder), one
// migrated template database, and from it a fresh database per test file (database-per-file.ts).

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "bulkhead-test-pg-"));
    const postgres = await startEmbeddedPostgres({ dataDir });
    serverUrl = postgres.url;
    stopEmbedded = postgres.stop;
  }
  const template = `bulkhead_tpl_${randomBytes(4).toString("hex")}`;
  await createDatabase(serverUrl, template);
  await applyMigrations(withDatabaseName(serverUrl, template));
  project.provide("postgresServerUrl", serverUrl);
  project.provide("templateDatabase", template);

  return async () => {
    await dropDatabase(serverUrl, template);
    await stopEmbedded?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
