// Vitest setupFiles entry of the integration project. Vitest evaluates it anew before every test file, so
// each file gets a database of its own — a copy of the migrated template, empty — and files can run in
// parallel without seeing each other's rows.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { disconnectDb } from "@/server/db/client";
import { createDatabase, dropDatabase, withDatabaseName } from "@/server/db/database-admin";

const serverUrl = inject("postgresServerUrl");
const name = `bulkhead_test_${randomBytes(6).toString("hex")}`;
await createDatabase(serverUrl, name, { template: inject("templateDatabase") });
// Set before the test file's own imports run; the app's client (server/db/client.ts) reads it on first use.
process.env.DATABASE_URL = withDatabaseName(serverUrl, name);
// One line per procedure call would drown the test output; tests that read the log set their own (logTo).
process.env.BULKHEAD_LOG_LEVEL ??= "warn";
// The server configuration requires an auth secret; npm start generates one, tests use a throwaway.
process.env.BULKHEAD_AUTH_SECRET ??= randomBytes(32).toString("base64url");
// App secrets' installation key: a throwaway one, as for the auth secret.
process.env.BULKHEAD_SECRETS_KEY ??= randomBytes(32).toString("base64");
// Checkpoint signing key: a throwaway one, so tests never write key files into the project.
process.env.BULKHEAD_AUDIT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

afterAll(async () => {
  // Close the app's pool first, so the drop does not terminate sessions it still counts on.
  await disconnectDb();
  await dropDatabase(serverUrl, name);
});
