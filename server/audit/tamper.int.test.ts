// The tamper suite. The database refuses to change the trail, even for the tables' owner; and whatever a
// Postgres superuser does with the triggers switched off — deleting the newest 1, 5 or 1,000 events, deleting
// the tail with its checkpoints, rewriting a middle event with every later hash recomputed, the tree rebuilt
// and the checkpoints re-signed with the installation's own key — `npm run audit:verify` (run here as the real
// command) fails, naming the first event or checkpoint that disagrees with the witnesses outside the
// database: the append-only directory and a witness process.
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { makeCaller } from "@/testing/callers";
import { startWitnessProcess, type WitnessProcess } from "@/testing/witness-process";
import { signCheckpoint } from "@/tlog/checkpoint";
import { parseVkey, vkey } from "@/tlog/note";
import { eventHash } from "./chain";
import { checkpointNow } from "./checkpointer";
import { auditOrigin, checkpointSigner } from "./log-keys";
import { recordAudit } from "./record";
import { verifyAuditTrail } from "./trail-verification";
import { rootAt } from "./tree-proofs";
import { growTree } from "./tree-store";

const EVENTS = 1200;
const EVIDENCE = ["AuditEvent", "AuditCheckpoint", "AuditTreeNode", "AuditSigningKey", "AuditCheckpointWitness"];
// The test database's own connection: its owner, and a superuser (the test server's).
const superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
const system = { actor: null, meta: { requestId: "tamper-test", sourceIp: null, userAgent: null } };
let witness: WitnessProcess;
let witnessName: string;
let witnessEnv: Record<string, string>;

beforeAll(async () => {
  await superuser.connect();
  const directory = await mkdtemp(path.join(tmpdir(), "audit-tamper-witness-"));
  witness = await startWitnessProcess([vkey(await checkpointSigner())]);
  witnessName = parseVkey(witness.vkey).name;
  witnessEnv = { BULKHEAD_AUDIT_WITNESS_DIR: directory, BULKHEAD_AUDIT_WITNESS_URL: witness.url, BULKHEAD_AUDIT_WITNESS_KEY: witness.vkey };
  Object.assign(process.env, witnessEnv);
  // Checkpoints at 400, 800 and 1200, each witnessed by both.
  for (let n = 1; n <= EVENTS; n++) {
    await recordAudit(db(), system, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: `a${n % 7}`, after: { n } });
    if (n % 400 === 0) expect((await checkpointNow()).problems).toEqual([]);
  }
  // The untouched evidence, to put back after each tampering.
  for (const table of EVIDENCE) await superuser.query(`CREATE TABLE "pristine_${table}" AS SELECT * FROM "${table}"`);
}, 300_000);
afterAll(async () => {
  await witness?.stop();
  await superuser.end();
});

/** Runs `sql` with every evidence table's triggers off, as only a superuser can, and switches them back on. */
async function asSuperuser(...statements: string[]) {
  for (const table of EVIDENCE) await superuser.query(`ALTER TABLE "${table}" DISABLE TRIGGER ALL`);
  try {
    for (const sql of statements) await superuser.query(sql);
  } finally {
    for (const table of EVIDENCE) await superuser.query(`ALTER TABLE "${table}" ENABLE TRIGGER ALL`);
  }
}

/** `npm run audit:verify` as its own process, against this database and the configured witnesses. */
async function auditVerify(env: Record<string, string | undefined> = witnessEnv): Promise<{ code: number; output: string }> {
  const result = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
    env: { ...process.env, BULKHEAD_AUDIT_WITNESS_DIR: undefined, BULKHEAD_AUDIT_WITNESS_URL: undefined, BULKHEAD_AUDIT_WITNESS_KEY: undefined, ...env },
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
  return result;
}
const verdict = (output: string) => output.split("\n").find((line) => line.startsWith("audit trail")) ?? output;

describe("the audit trail is append-only", () => {
  it.each([
    ['UPDATE "AuditEvent" SET "reason" = \'x\' WHERE "sequence" = 2', "UPDATE"],
    ['DELETE FROM "AuditEvent" WHERE "sequence" = 2', "DELETE"],
    ['TRUNCATE "AuditEvent"', "TRUNCATE"],
    ['UPDATE "AuditCheckpoint" SET "signature" = \'x\'', "UPDATE"],
    ['TRUNCATE "AuditCheckpoint"', "TRUNCATE"],
    ['DELETE FROM "AuditTreeNode"', "DELETE"],
    ['UPDATE "AuditSigningKey" SET "fromSize" = 1', "UPDATE"],
    ['DELETE FROM "AuditCheckpointWitness"', "DELETE"],
  ])("refuses %s for the owner", async (sql, operation) => {
    const { rows } = await superuser.query<{ owns: boolean }>(`SELECT pg_get_userbyid(relowner) = current_user AS owns FROM pg_class WHERE relname = 'AuditEvent'`);
    expect(rows[0].owns).toBe(true);
    await expect(superuser.query(sql)).rejects.toThrow(`append-only: ${operation} is not allowed`);
  });

  it("refuses them through the app's client too", async () => {
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await db().auditEvent.count()).toBe(EVENTS);
  });
});

describe("verification of the untouched trail", () => {
  it("passes, against both witnesses, in the command too", async () => {
    const report = await verifyAuditTrail();
    expect(report).toMatchObject({ ok: true, checked: EVENTS, unchained: 0, checkpoints: 3, firstBroken: null, badCheckpoint: null });
    expect(report.witnesses).toEqual([
      { name: "directory", checkpoints: 3, problem: null },
      { name: witnessName, checkpoints: 1, problem: null },
    ]);
    const { code, output } = await auditVerify();
    expect(code).toBe(0);
    expect(verdict(output)).toMatch(/^audit trail verified: 1200 events, 3 signed checkpoints, against directory: 3 checkpoints, .*: 1 checkpoints/);
  }, 60_000);

  it("is not called verified when a configured witness cannot be consulted", async () => {
    const { code, output } = await auditVerify({ ...witnessEnv, BULKHEAD_AUDIT_WITNESS_URL: "http://127.0.0.1:9" });
    expect(code).toBe(1);
    expect(verdict(output)).toMatch(new RegExp(`${witnessName}: cannot be consulted at http://127.0.0.1:9`));
  }, 60_000);

  it("is started by compliance officers and admins only", async () => {
    const developer = await makeCaller("developer");
    await expect(developer.caller.audit.startVerification({})).rejects.toThrow();
    await expect(developer.caller.audit.verification({})).rejects.toThrow();
  });
});

describe("a Postgres superuser's tampering, caught by `npm run audit:verify`", () => {
  beforeEach(async () => {
    // Put the evidence back as it was, and check it is.
    await asSuperuser(...EVIDENCE.flatMap((table) => [`DELETE FROM "${table}"`, `INSERT INTO "${table}" SELECT * FROM "pristine_${table}"`]));
    expect((await verifyAuditTrail()).ok).toBe(true);
  });

  it("names an event a superuser edited with the triggers off", async () => {
    await asSuperuser(`UPDATE "AuditEvent" SET "after" = '{"n": 42}' WHERE "sequence" = 3`);
    expect((await verifyAuditTrail()).firstBroken).toMatchObject({ sequence: "3", problem: "edited" });
    // A range that starts after the edit still verifies.
    expect((await verifyAuditTrail({ from: 4n })).ok).toBe(true);
  });

  it.each([1, 5, 1000])("names the first of the last %i events deleted", async (count) => {
    const first = EVENTS - count + 1;
    await asSuperuser(`DELETE FROM "AuditEvent" WHERE "sequence" >= ${first}`);
    const { code, output } = await auditVerify();
    expect(code).toBe(1);
    expect(verdict(output)).toContain(`event ${first} deleted (witnessed checkpoint 1200 (directory and ${witnessName}) and signed checkpoint 1200 cover events up to 1200; the database ends at ${first - 1})`);
  }, 60_000);

  it("names the first deleted event and the lost checkpoint when the tail goes with its checkpoints, tree and witness records", async () => {
    await asSuperuser(
      `DELETE FROM "AuditEvent" WHERE "sequence" >= 990`,
      `DELETE FROM "AuditCheckpoint" WHERE "sequence" >= 990`,
      `DELETE FROM "AuditCheckpointWitness" WHERE "sequence" >= 990`,
      `DELETE FROM "AuditTreeNode" WHERE ("index" + 1) * (1::bigint << "level") > 989`,
    );
    const { code, output } = await auditVerify();
    expect(code).toBe(1);
    expect(verdict(output)).toContain(`event 990 deleted (witnessed checkpoint 1200 (directory and ${witnessName}) covers events up to 1200; the database ends at 989)`);
    expect(verdict(output)).toContain(`checkpoint 1200: missing from the database; directory and ${witnessName} witnessed it`);
  }, 60_000);

  describe("a middle event rewritten, every later hash recomputed, the tree rebuilt and the checkpoints re-signed with the installation's own key", () => {
    beforeEach(async () => {
      const events = await db().auditEvent.findMany({ where: { sequence: { gte: 517n } }, orderBy: { sequence: "asc" } });
      const forged: AuditEvent[] = [];
      for (const event of events) {
        const unhashed = { ...event, after: event.sequence === 517n ? { n: 9999 } : event.after, prevHash: forged.at(-1)?.hash ?? event.prevHash };
        forged.push({ ...unhashed, hash: eventHash(unhashed) });
      }
      await asSuperuser(
        `UPDATE "AuditEvent" AS e SET "after" = f.after, "prevHash" = f.prev, "hash" = f.hash
         FROM jsonb_to_recordset('${JSON.stringify(forged.map((f) => ({ sequence: String(f.sequence), after: f.after, prev: f.prevHash, hash: f.hash })))}'::jsonb)
           AS f("sequence" bigint, "after" jsonb, "prev" text, "hash" text)
         WHERE e."sequence" = f."sequence"`,
        `DELETE FROM "AuditTreeNode"`,
        `DELETE FROM "AuditCheckpoint" WHERE "sequence" >= 517`,
      );
      // The product's own code, run by the intruder: the tree regrown from the forged events, the checkpoints of
      // 800 and 1200 signed again with the key from the data folder.
      await growTree(db(), EVENTS);
      const signer = await checkpointSigner();
      for (const size of [800n, 1200n]) {
        const note = signCheckpoint({ origin: auditOrigin(), size, root: await rootAt(db(), Number(size)) }, signer);
        const head = forged.find((f) => f.sequence === size)!;
        await asSuperuser(
          `INSERT INTO "AuditCheckpoint" ("sequence", "headHash", "createdAt", "keyFingerprint", "signature", "rootHash", "note") VALUES (${size}, '${head.hash}', now(), '${signer.fingerprint}', 'forged', '', '${note}')`,
        );
      }
    });

    it("is consistent in the database alone: without witnesses it passes, and the command warns that it cannot tell", async () => {
      // Chain, tree and signatures all agree: only what the witnesses hold tells it apart (the next tests).
      const { code, output } = await auditVerify({});
      expect(code).toBe(0);
      expect(output).toContain("WARNING: no witness is configured");
    }, 60_000);

    it("names event 517 from the directory's record of every event hash", async () => {
      const { code, output } = await auditVerify();
      expect(code).toBe(1);
      expect(verdict(output)).toMatch(/event 517 differs from the witnessed record \(its hash [0-9a-f]{64} is not the [0-9a-f]{64} the witness directory recorded\)/);
    }, 60_000);

    it("names the checkpoint whose cosigned root it no longer gives, with the witness process alone", async () => {
      const { code, output } = await auditVerify({ BULKHEAD_AUDIT_WITNESS_URL: witness.url, BULKHEAD_AUDIT_WITNESS_KEY: witness.vkey });
      expect(code).toBe(1);
      expect(verdict(output)).toContain(`event 1200 differs from a witnessed checkpoint (the events up to 1200 do not give the root of checkpoint 1200 as witnessed by ${witnessName}`);
    }, 60_000);

    it("cannot get the forged history witnessed: the witness refuses it as inconsistent, the directory as a conflict", async () => {
      await recordAudit(db(), system, { action: "app.update", outcome: "ok", resourceType: "app", after: { n: "after the forgery" } });
      const run = await checkpointNow();
      expect(run.signed).toBe(1201n);
      expect(run.witnessed).toEqual([]);
      expect(run.problems.join("\n")).toMatch(/witness directory: checkpoint 1201 is not consistent with checkpoint 1200 in the witness directory/);
      expect(run.problems.join("\n")).toMatch(new RegExp(`witness ${witnessName} refused checkpoint 1201: 422`));
    }, 60_000);
  });
});
