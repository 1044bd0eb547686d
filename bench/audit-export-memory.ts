// Peak memory of exporting a large audit trail (issue 5, acceptance 3: 1,000,000 events as CSV under 300 MB).
// Not part of `npm test` (seeding a million events takes minutes). Run:
//   node --import tsx bench/audit-export-memory.ts [events=1000000] [csv|ndjson]
// Uses DATABASE_URL's server, else an embedded Postgres in a temp folder; makes a fresh migrated database,
// seeds it with chained events (hashed by chain.ts, inserted in bulk), then exports and verifies each in a
// child process of its own, so the figures are the export's and the verifier's, not the seeding's.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AuditEvent } from "@/server/db/generated/client";

const SEED_BATCH = 5000;
const self = new URL(import.meta.url).pathname;

/** Child: one export or one verification, then its own peak RSS and duration as JSON. */
async function child(kind: string, args: string[]) {
  const started = Date.now();
  let result: unknown;
  if (kind === "export") {
    const { exportToFile } = await import("@/server/audit/export-file");
    const { disconnectDb } = await import("@/server/db/client");
    const who = { actor: { userId: "bench", email: "bench@local", name: "Bench", role: "compliance" as const, teamIds: [] }, meta: { requestId: "bench", sourceIp: null, userAgent: null } };
    const manifest = await exportToFile({ exportId: "bench", format: args[2] as "csv" | "ndjson", filter: {}, who }, args[0], args[1]);
    await disconnectDb();
    result = { count: manifest.count };
  } else {
    const { readFile } = await import("node:fs/promises");
    const { verifyAuditExport } = await import("@/server/audit/export-verify");
    result = await verifyAuditExport(args[0], await readFile(args[1], "utf8"));
  }
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), seconds: (Date.now() - started) / 1000 }));
}

async function seed(total: number) {
  const { db } = await import("@/server/db/client");
  const { eventHash, GENESIS_HASH } = await import("@/server/audit/chain");
  const { checkpointPayload } = await import("@/server/audit/checkpoint");
  const { signingKey } = await import("@/server/audit/signing-key");
  const { sign } = await import("node:crypto");
  const columns = ["sequence", "occurredAt", "actorId", "actorEmail", "actorRole", "action", "outcome", "resourceType", "resourceId", "teamId", "before", "after", "reason", "requestId", "sourceIp", "userAgent", "prevHash", "hash"] as const;
  const casts: Record<string, string> = { sequence: "bigint", occurredAt: "timestamptz", actorRole: '"Role"', outcome: '"AuditOutcome"', before: "jsonb", after: "jsonb" };
  // One statement per batch: each column an array, unnested into rows; every parameter is text, cast in SQL.
  const sql = `INSERT INTO "AuditEvent" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::text[]${casts[c] ? `::${casts[c]}[]` : ""}`).join(", ")})`;
  let prevHash = GENESIS_HASH;
  let last: AuditEvent | null = null;
  const start = Date.UTC(2026, 0, 1);
  for (let from = 1; from <= total; from += SEED_BATCH) {
    const arrays = columns.map(() => [] as (string | null)[]);
    for (let sequence = from; sequence < Math.min(from + SEED_BATCH, total + 1); sequence++) {
      const unhashed: Omit<AuditEvent, "hash"> = {
        sequence: BigInt(sequence), occurredAt: new Date(start + sequence * 1000), actorId: `user-${sequence % 50}`, actorEmail: `user${sequence % 50}@example.com`,
        actorRole: "developer", action: sequence % 3 ? "app.update" : "deployment.create", outcome: sequence % 11 ? "ok" : "denied", resourceType: "app",
        resourceId: `app-${sequence % 1000}`, teamId: `team-${sequence % 20}`, before: { name: `app ${sequence}`, replicas: 2 }, after: { name: `app ${sequence}`, replicas: 3, note: 'a "quoted", comma' },
        reason: sequence % 11 ? null : "policy refused the image", requestId: `req-${sequence}`, sourceIp: "10.0.0.1", userAgent: "Mozilla/5.0 (bench)", prevHash,
      };
      const event: AuditEvent = { ...unhashed, hash: eventHash(unhashed) };
      const values = event as unknown as Record<string, unknown>;
      columns.forEach((column, i) => {
        const value = values[column];
        arrays[i].push(value === null ? null : value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value));
      });
      prevHash = event.hash!;
      last = event;
    }
    await db().$executeRawUnsafe(sql, ...arrays);
  }
  const key = await signingKey();
  const unsigned = { sequence: last!.sequence, headHash: last!.hash!, createdAt: new Date(), keyFingerprint: key.fingerprint };
  await db().auditCheckpoint.create({ data: { ...unsigned, signature: sign(null, checkpointPayload(unsigned), key.privateKey).toString("base64") } });
}

function run(kind: string, args: string[]) {
  const out = execFileSync(process.execPath, ["--import", "tsx", self, `--${kind}`, ...args], { env: process.env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out.trim().split("\n").at(-1)!) as { result: unknown; peakRssMb: number; seconds: number };
}

async function main() {
  const total = Number(process.argv[2] ?? 1_000_000);
  const format = process.argv[3] ?? "csv";
  const { createDatabase, dropDatabase, withDatabaseName } = await import("@/server/db/database-admin");
  const { applyMigrations } = await import("@/server/db/migrate");
  const work = await mkdtemp(path.join(tmpdir(), "audit-export-bench-"));
  let serverUrl = process.env.DATABASE_URL;
  let stopPostgres = async () => {};
  if (!serverUrl) {
    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    const dataDir = await mkdtemp(path.join(tmpdir(), "audit-export-bench-pg-"));
    const postgres = await startEmbeddedPostgres({ dataDir });
    serverUrl = postgres.url;
    stopPostgres = async () => {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const name = `bulkhead_bench_${randomBytes(6).toString("hex")}`;
  try {
    await createDatabase(serverUrl, name);
    process.env.DATABASE_URL = withDatabaseName(serverUrl, name);
    await applyMigrations(process.env.DATABASE_URL);
    process.env.BULKHEAD_AUDIT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const started = Date.now();
    await seed(total);
    console.log(`seeded ${total} events in ${(Date.now() - started) / 1000} s`);
    const { disconnectDb } = await import("@/server/db/client");
    await disconnectDb();
    const file = path.join(work, `export.${format}`);
    const exported = run("export", [file, `${file}.manifest.json`, format]);
    console.log(`export (${format}): ${JSON.stringify(exported)}, file ${Math.round((await stat(file)).size / 1e6)} MB`);
    const verified = run("verify", [file, `${file}.manifest.json`]);
    console.log(`verify-export: ${JSON.stringify(verified)}`);
  } finally {
    await dropDatabase(serverUrl, name).catch(() => {});
    await stopPostgres();
    await rm(work, { recursive: true, force: true });
  }
}

const [, , flag, ...rest] = process.argv;
if (flag === "--export" || flag === "--verify") await child(flag.slice(2), rest);
else await main();
