// Acceptance 1 of issue 5: the database refuses to change the trail, even for the table's owner; and an
// edit made by a superuser who switched the triggers off is found and located.
import { generateKeyPairSync } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeCaller } from "@/server/testing/callers";
import { recordAudit } from "./record";
import { verifyAuditTrail } from "./verify";

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

// The test database's own connection: its owner, and a superuser.
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
const system = { actor: null, meta: { requestId: "tamper-test", sourceIp: null, userAgent: null } };

beforeAll(async () => {
  await owner.connect();
  for (let n = 1; n <= 5; n++) {
    await db().$transaction((tx) => recordAudit(tx, system, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: "a1", after: { n } }));
  }
});
afterAll(() => owner.end());

/** Runs `sql` with the triggers off, as a superuser could, and switches them back on. */
async function asSuperuserWithoutTriggers(sql: string) {
  await owner.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL');
  try {
    await owner.query(sql);
  } finally {
    await owner.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER ALL');
  }
}

describe("the audit trail is append-only", () => {
  it.each([
    ['UPDATE "AuditEvent" SET "reason" = \'x\' WHERE "sequence" = 2', "UPDATE"],
    ['DELETE FROM "AuditEvent" WHERE "sequence" = 2', "DELETE"],
    ['TRUNCATE "AuditEvent"', "TRUNCATE"],
    ['UPDATE "AuditCheckpoint" SET "signature" = \'x\'', "UPDATE"],
    ['TRUNCATE "AuditCheckpoint"', "TRUNCATE"],
  ])("refuses %s for the owner", async (sql, operation) => {
    const { rows } = await owner.query<{ owns: boolean }>(`SELECT pg_get_userbyid(relowner) = current_user AS owns FROM pg_class WHERE relname = 'AuditEvent'`);
    expect(rows[0].owns).toBe(true);
    await expect(owner.query(sql)).rejects.toThrow(`append-only: ${operation} is not allowed`);
  });

  it("refuses them through the app's client too", async () => {
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await db().auditEvent.count()).toBe(5);
  });
});

describe("verification", () => {
  it("accepts the untouched trail", async () => {
    const report = await verifyAuditTrail();
    expect(report).toMatchObject({ ok: true, unchained: 0, checkpoints: 1, firstBroken: null, badCheckpoint: null });
    expect(report.checked).toBe(await db().auditEvent.count());
    const key = await (await makeCaller("compliance")).caller.audit.publicKey();
    expect(key.publicKeyPem).toContain("BEGIN PUBLIC KEY");
  });

  it("is started by compliance officers only", async () => {
    const developer = await makeCaller("developer");
    await expect(developer.caller.audit.startVerification({})).rejects.toThrow();
    await expect(developer.caller.audit.verification({})).rejects.toThrow();
  });

  it("names the event a superuser edited with the triggers off", async () => {
    await asSuperuserWithoutTriggers(`UPDATE "AuditEvent" SET "after" = '{"n": 42}' WHERE "sequence" = 3`);
    const report = await verifyAuditTrail();
    expect(report).toMatchObject({ ok: false, firstBroken: { sequence: "3", problem: "edited" } });
    // A range that starts after the edit still verifies.
    expect((await verifyAuditTrail({ from: 4n })).ok).toBe(true);
  });
});
