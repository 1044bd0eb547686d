// One database holding a chained audit trail of a million events, seeded once per run and shared by the
// benchmarks that read it (P2 export, P3 verify): seeding takes longer than either measurement.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { AuditEvent } from "@/server/db/generated/client";
import { eventHash, GENESIS_HASH } from "@/server/audit/chain";
import { auditOrigin, checkpointSigner } from "@/server/audit/log-keys";
import { eventLeaf } from "@/server/audit/tree-store";
import { signCheckpoint } from "@/tlog/checkpoint";
import { MerkleFrontier } from "@/tlog/frontier";
import { parseNote, vkey } from "@/tlog/note";
import { freshDatabase } from "./postgres";
import { timed } from "./measure";
import { sized } from "./size";

/** BENCH_AUDIT_EVENTS shrinks the trail for a quick trial of the benchmarks themselves; figures are for 1,000,000. */
export const TRAIL_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? sized(1_000_000, 3_000));
const SEED_BATCH = 5000;
/** A C2SP checkpoint every 1000 events, as the checkpointer would write them under a steady load (it signs one a
 * minute while there are new events), so the verifier checks as many signatures and roots. */
const CHECKPOINT_EVERY = 1000;

const COLUMNS = ["sequence", "occurredAt", "actorId", "actorEmail", "actorRole", "action", "outcome", "resourceType", "resourceId", "teamId", "before", "after", "reason", "requestId", "sourceIp", "userAgent", "prevHash", "hash"] as const satisfies readonly (keyof AuditEvent)[];
// COPY … FROM STDIN, the fastest way to load rows (pg-copy-streams, as for P2's yardstick).
const COPY_EVENTS = `COPY "AuditEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) FROM STDIN`;
const START = Date.UTC(2026, 0, 1);

/** A varied, realistic event: quoted text with commas in `after`, a reason on some, nulls where allowed. */
function benchEvent(sequence: number, prevHash: string): AuditEvent {
  const unhashed: Omit<AuditEvent, "hash"> = {
    sequence: BigInt(sequence), occurredAt: new Date(START + sequence * 1000), actorId: `user-${sequence % 50}`, actorEmail: `user${sequence % 50}@example.com`,
    actorRole: "developer", action: sequence % 3 ? "app.update" : "deployment.create", outcome: sequence % 11 ? "ok" : "denied", resourceType: "app",
    resourceId: `app-${sequence % 1000}`, teamId: `team-${sequence % 20}`, before: { name: `app ${sequence}`, replicas: 2 }, after: { name: `app ${sequence}`, replicas: 3, note: 'a "quoted", comma' },
    reason: sequence % 11 ? null : "policy refused the image", requestId: `req-${sequence}`, sourceIp: "10.0.0.1", userAgent: "Mozilla/5.0 (bench)", prevHash,
  };
  return { ...unhashed, hash: eventHash(unhashed) };
}

const asText = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value));
/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
const copyField = (value: unknown) => (value === null ? "\\N" : asText(value).replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!));

async function seed(url: string, total: number, log: (message: string) => void): Promise<void> {
  const signer = await checkpointSigner();
  const frontier = new MerkleFrontier();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The secondary indexes are built once after loading rather than row by row: the same indexes, sooner.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'AuditEvent' AND indexname <> 'AuditEvent_pkey'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${pg.escapeIdentifier(index.name)}`);
    // The key, registered as the checkpointer registers it with its first checkpoint.
    await client.query(`INSERT INTO "AuditSigningKey" ("fingerprint", "vkey", "publicKeyPem", "fromSize") VALUES ($1, $2, $3, $4)`, [signer.fingerprint, vkey(signer), signer.publicKeyPem, String(Math.min(CHECKPOINT_EVERY, total))]);
    let prevHash = GENESIS_HASH;
    // One batch is loaded while the next is hashed.
    let inserting: Promise<unknown> = Promise.resolve();
    for (let from = 1; from <= total; from += SEED_BATCH) {
      const lines: string[] = [];
      const checkpoints: { sequence: string; headHash: string; createdAt: string; signature: string; root: string; note: string }[] = [];
      for (let sequence = from; sequence < Math.min(from + SEED_BATCH, total + 1); sequence++) {
        const event = benchEvent(sequence, prevHash);
        lines.push(COLUMNS.map((column) => copyField(event[column])).join("\t") + "\n");
        prevHash = event.hash!;
        frontier.push(eventLeaf(event));
        if (sequence % CHECKPOINT_EVERY === 0 || sequence === total) {
          const root = frontier.root();
          const note = signCheckpoint({ origin: auditOrigin(), size: BigInt(sequence), root }, signer);
          const [line] = parseNote(note).signatures;
          const signature = Buffer.concat([line.keyId, line.signature]).toString("base64");
          checkpoints.push({ sequence: String(sequence), headHash: event.hash!, createdAt: event.occurredAt.toISOString(), signature, root: root.toString("hex"), note });
        }
      }
      await inserting;
      inserting = (async () => {
        await pipeline(Readable.from([lines.join("")]), client.query(copyFrom(COPY_EVENTS)));
        await client.query(
          `INSERT INTO "AuditCheckpoint" ("sequence", "headHash", "createdAt", "keyFingerprint", "signature", "rootHash", "note")
           SELECT s, h, c, $4, g, r, n FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $5::text[], $6::text[], $7::text[]) AS t(s, h, c, g, r, n)`,
          [
            checkpoints.map((c) => c.sequence),
            checkpoints.map((c) => c.headHash),
            checkpoints.map((c) => c.createdAt),
            signer.fingerprint,
            checkpoints.map((c) => c.signature),
            checkpoints.map((c) => c.root),
            checkpoints.map((c) => c.note),
          ],
        );
      })();
      const done = Math.min(from + SEED_BATCH - 1, total);
      if (done % 100_000 === 0 || done === total) log(`seeded ${done.toLocaleString("en")} of ${total.toLocaleString("en")} audit events`);
    }
    await inserting;
    log("building the indexes");
    for (const index of indexes) await client.query(index.definition);
    // Fresh statistics and visibility map, as a long-lived table would have (autovacuum may not have run yet).
    await client.query(`VACUUM ANALYZE "AuditEvent", "AuditCheckpoint"`);
  } finally {
    await client.end();
  }
}

const seeded = new Map<string, Promise<string>>();

/** URL of a database holding TRAIL_EVENTS chained events and a signed C2SP checkpoint every 1000 (the Merkle tree
 * itself is not stored: P7 grows it with the checkpointer's code); seeded on first call. */
export function auditTrailDatabase(serverUrl: string, log: (message: string) => void): Promise<string> {
  let database = seeded.get(serverUrl);
  if (!database) {
    database = (async () => {
      const url = await freshDatabase(serverUrl, "trail");
      const { seconds } = await timed(() => seed(url, TRAIL_EVENTS, log));
      log(`seeding took ${seconds.toFixed(1)} s (not measured)`);
      return url;
    })();
    seeded.set(serverUrl, database);
  }
  return database;
}
