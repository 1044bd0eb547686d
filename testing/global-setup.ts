// Vitest globalSetup of the integration project: one Postgres server — DATABASE_URL's, else an embedded one
// in a fresh temp folder — holding one migrated template database, which database-per-file.ts copies for
// each test file. Migrating once and copying is much faster than migrating per file.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, withDatabaseName } from "@/server/db/database-admin";
import { applyMigrations } from "@/server/db/migrate";
import { startScratchServer } from "@/server/db/scratch-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the server the test databases are made on (CREATE DATABASE works from any of its databases). */
    postgresServerUrl: string;
    /** Migrated, empty database that each test file's database is copied from. */
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startScratchServer("test");
  const template = `bulkhead_tpl_${randomBytes(6).toString("hex")}`;
  const teardown = async () => {
    try {
      await dropDatabase(server.url, template);
    } finally {
      await server.stop();
    }
  };
  try {
    await createDatabase(server.url, template);
    await applyMigrations(withDatabaseName(server.url, template));
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("postgresServerUrl", server.url);
  project.provide("templateDatabase", template);
  return teardown;
}
