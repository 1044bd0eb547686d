// Checkpoints from before the Merkle tree (a signature over the chain's head alone), as an installation made
// before it holds them, still verify; and what they caught, they still catch: a rewrite with every later hash
// recomputed, the newest events deleted, a checkpoint's signed content changed.
import { sign } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AuditEvent } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { eventHash, findChainBreak } from "./chain";
import { checkpointPayload } from "./legacy-checkpoint";
import { recordAudit } from "./record";
import { signingKey } from "./signing-key";
import { verifyAuditTrail } from "./trail-verification";

const superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
const system = { actor: null, meta: { requestId: "checkpoint-test", sourceIp: null, userAgent: null } };
let original: AuditEvent[];

beforeAll(async () => {
  await superuser.connect();
  for (let n = 1; n <= 10; n++) await recordAudit(db(), system, { action: "app.update", outcome: "ok", resourceType: "app", after: { n } });
  original = await db().auditEvent.findMany({ orderBy: { sequence: "asc" } });
  // What the appends used to write every third event.
  const key = await signingKey();
  for (const event of original.filter((e) => [1n, 4n, 7n, 10n].includes(e.sequence))) {
    const unsigned = { sequence: event.sequence, headHash: event.hash!, createdAt: event.occurredAt, keyFingerprint: key.fingerprint };
    await db().auditCheckpoint.create({ data: { ...unsigned, signature: sign(null, checkpointPayload(unsigned), key.privateKey).toString("base64") } });
  }
});
afterAll(() => superuser.end());

/** With both tables' triggers off, as only a superuser can; switched back on afterwards. */
async function withoutTriggers(change: () => Promise<unknown>) {
  const tables = ['"AuditEvent"', '"AuditCheckpoint"'];
  for (const table of tables) await superuser.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
  try {
    await change();
  } finally {
    for (const table of tables) await superuser.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
  }
}

const put = (event: AuditEvent) =>
  db().auditEvent.update({ where: { sequence: event.sequence }, data: { after: event.after ?? undefined, prevHash: event.prevHash, hash: event.hash } });

it("verifies them with the key that signed them", async () => {
  expect(await verifyAuditTrail()).toMatchObject({ ok: true, checked: 10, checkpoints: 4 });
});

it("catches a rewrite whose hashes were all recomputed, at the next checkpoint", async () => {
  const forged: AuditEvent[] = [];
  for (const event of original.slice(4)) {
    const prevHash = forged.at(-1)?.hash ?? event.prevHash;
    const after = event.sequence === 5n ? { n: 500 } : event.after;
    const unhashed = { ...event, after, prevHash };
    forged.push({ ...unhashed, hash: eventHash(unhashed) });
  }
  await withoutTriggers(() => Promise.all(forged.map(put)));
  expect(findChainBreak(await db().auditEvent.findMany({ orderBy: { sequence: "asc" } }))).toBeNull(); // the chain alone is fooled
  expect((await verifyAuditTrail()).firstBroken).toMatchObject({ sequence: "7", problem: "differs from a signed checkpoint" });
  await withoutTriggers(() => Promise.all(original.slice(4).map(put)));
  expect((await verifyAuditTrail()).ok).toBe(true);
});

it("catches the newest events deleted", async () => {
  await withoutTriggers(() => db().auditEvent.deleteMany({ where: { sequence: { gte: 9n } } }));
  expect((await verifyAuditTrail()).firstBroken).toMatchObject({ sequence: "9", problem: "deleted" });
  await withoutTriggers(() => db().auditEvent.createMany({ data: original.slice(8).map((event) => ({ ...event, before: undefined, after: event.after ?? undefined })) }));
  expect((await verifyAuditTrail()).ok).toBe(true);
});

it("catches a checkpoint whose signed content was changed", async () => {
  await withoutTriggers(() => db().auditCheckpoint.update({ where: { sequence: 4n }, data: { headHash: original[4].hash! } }));
  expect((await verifyAuditTrail()).badCheckpoint).toEqual({ sequence: "4", detail: "signature does not verify" });
});
