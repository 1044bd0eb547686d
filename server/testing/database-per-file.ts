import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { disconnectDb } from "@/server/db/client";
import { createDatabase, dropDatabase, withDatabaseName } from "@/server/db/database-admin";

// Runs before each integration test file: a migrated, empty database of its own, so files can run in
// parallel. Set before the test imports touch the database client (it connects on first use).
const serverUrl = inject("postgresServerUrl");
const name = `bulkhead_test_${randomBytes(6).toString("hex")}`;
await createDatabase(serverUrl, name, { template: inject("templateDatabase") });
process.env.DATABASE_URL = withDatabaseName(serverUrl, name);
process.env.BULKHEAD_AUTH_SECRET ??= randomBytes(32).toString("base64url");

afterAll(async () => {
  await disconnectDb();
  await dropDatabase(serverUrl, name);
});
