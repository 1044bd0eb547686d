// Verification as a background job, end to end: the compliance officer's mutation enqueues it, the real
// pg-boss worker walks the chain a page (5000 events) per job here, saving progress after each, and the
// query reports the result: passed with the count and head, or the first broken event and why.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { AuditEvent } from "@/server/db/generated/client";
import { enqueue, QUEUES, stopQueue } from "@/server/jobs/queue";
import { makeCaller } from "@/testing/callers";
import { waitFor } from "@/testing/wait-for";
import { eventHash, GENESIS_HASH } from "./chain";
import { startAuditWorkers } from "./verification-worker";

const SEEDED = 12_001;
type Person = Awaited<ReturnType<typeof makeCaller>>;
let compliance: Person;
const superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });

/** A chained trail written straight to the table (recordAudit one by one would take minutes here). */
async function seedChain(count: number) {
  let prevHash = GENESIS_HASH;
  const start = Date.UTC(2026, 0, 1);
  for (let first = 1; first <= count; first += 2000) {
    const rows: AuditEvent[] = [];
    for (let n = first; n < first + 2000 && n <= count; n++) {
      const unhashed = {
        sequence: BigInt(n),
        occurredAt: new Date(start + n * 1000),
        actorId: null,
        actorEmail: null,
        actorRole: null,
        action: "app.update",
        outcome: "ok" as const,
        resourceType: "app",
        resourceId: `app-${n % 7}`,
        teamId: null,
        before: null,
        after: { n },
        reason: null,
        requestId: `seed-${n}`,
        sourceIp: null,
        userAgent: null,
        prevHash,
      };
      prevHash = eventHash(unhashed);
      rows.push({ ...unhashed, hash: prevHash });
    }
    // One JSON parameter per batch: Prisma's createMany with 36,000 bind parameters took half a minute here.
    await superuser.query(
      `INSERT INTO "AuditEvent" ("sequence", "occurredAt", "action", "outcome", "resourceType", "resourceId", "after", "requestId", "prevHash", "hash")
       SELECT "sequence", "occurredAt", "action", "outcome"::"AuditOutcome", "resourceType", "resourceId", "after", "requestId", "prevHash", "hash"
       FROM jsonb_to_recordset($1::jsonb) AS r("sequence" bigint, "occurredAt" timestamptz, "action" text, "outcome" text, "resourceType" text, "resourceId" text, "after" jsonb, "requestId" text, "prevHash" text, "hash" text)`,
      [JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))],
    );
  }
}

async function finished(id: string) {
  return waitFor(`verification ${id}`, async () => {
    const run = await compliance.caller.audit.verification({ id });
    return run && run.status !== "queued" && run.status !== "running" ? run : undefined;
  });
}

/** Jobs of the verification queue that completed: one per page here (slices of 0 ms). */
async function completedJobs(): Promise<number> {
  const { rows } = await superuser.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'", [QUEUES.auditVerify]);
  return rows[0].n;
}

async function asSuperuserWithoutTriggers(sql: string) {
  await superuser.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL');
  try {
    await superuser.query(sql);
  } finally {
    await superuser.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER ALL');
  }
}

beforeAll(async () => {
  await superuser.connect();
  await seedChain(SEEDED);
  compliance = await makeCaller("compliance");
  await startAuditWorkers({ sliceMs: 0, checkpointer: false });
});
afterAll(async () => {
  await stopQueue();
  await superuser.end();
});

describe("verification job", () => {
  it("passes an intact chain, page by page, and names the count and head", async () => {
    const started = await compliance.caller.audit.startVerification({});
    expect(started).toMatchObject({ status: "queued", from: "1", to: null, requestedByEmail: compliance.actor.email });
    const [startEvent] = await db().auditEvent.findMany({ where: { requestId: compliance.meta.requestId, action: "audit-verification.start" } });
    expect(startEvent).toMatchObject({ actorId: compliance.actor.userId, resourceId: started.id, outcome: "ok" });

    const jobsBefore = await completedJobs();
    const run = await finished(started.id);
    // Its own start event (SEEDED + 1) was the head when it began: the range ends there.
    const head = await db().auditEvent.findUniqueOrThrow({ where: { sequence: BigInt(SEEDED + 1) } });
    expect(run).toMatchObject({ status: "passed", to: String(SEEDED + 1), total: SEEDED + 1, checked: SEEDED + 1, firstBroken: null, badCheckpoint: null });
    expect(run.head).toEqual({ sequence: String(SEEDED + 1), hash: head.hash });
    expect(run.startedAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();
    // 12,002 events in pages of 5000: three jobs, each saving its page before handing over.
    await waitFor("the last job to complete", async () => (await completedJobs()) - jobsBefore === 3);
    const done = await db().auditEvent.findMany({ where: { resourceId: started.id, action: "audit-verification.passed" } });
    expect(done).toHaveLength(1);
    // Without an id: the latest run, for the page to show on load.
    expect((await compliance.caller.audit.verification({}))?.id).toBe(started.id);
  });

  it("verifies a range", async () => {
    const run = await finished((await compliance.caller.audit.startVerification({ from: "100", to: "5100" })).id);
    expect(run).toMatchObject({ status: "passed", from: "100", to: "5100", total: 5001, checked: 5001, head: { sequence: "5100" } });
  });

  it("counts every event once when duplicate jobs of one run are about (a lease that expired while its worker ran)", async () => {
    const started = await compliance.caller.audit.startVerification({ from: "2000", to: "11999" });
    await db().$transaction(async (tx) => {
      await enqueue(tx, QUEUES.auditVerify, { verificationId: started.id });
      await enqueue(tx, QUEUES.auditVerify, { verificationId: started.id });
    });
    const run = await finished(started.id);
    expect(run).toMatchObject({ status: "passed", total: 10_000, checked: 10_000, head: { sequence: "11999" } });
    expect(await db().auditEvent.count({ where: { resourceId: started.id, action: "audit-verification.passed" } })).toBe(1);
  });

  it("refuses a range that ends before it starts, naming the field", async () => {
    await expect(compliance.caller.audit.startVerification({ from: "10", to: "5" })).rejects.toThrow(/must not be before the start/);
  });

  it("resumes a run from the progress a crashed worker saved", async () => {
    // A superuser edits event 100 (before the saved position, so a run that restarted would catch it) ...
    await asSuperuserWithoutTriggers(`UPDATE "AuditEvent" SET "after" = '{"n": -1}' WHERE "sequence" = 100`);
    try {
      // ... while a run stands as a worker left it when it died after its second page.
      const at = await db().auditEvent.findUniqueOrThrow({ where: { sequence: 10_000n } });
      const run = await db().auditVerification.create({
        data: { fromSequence: 1n, toSequence: BigInt(SEEDED), total: BigInt(SEEDED), status: "running", startedAt: new Date(), checked: 10_000n, cursorSequence: 10_000n, cursorHash: at.hash, requestedById: compliance.actor.userId, requestedByEmail: compliance.actor.email },
      });
      await db().$transaction((tx) => enqueue(tx, QUEUES.auditVerify, { verificationId: run.id }));
      expect(await finished(run.id)).toMatchObject({ status: "passed", checked: SEEDED, head: { sequence: String(SEEDED) } });
    } finally {
      await asSuperuserWithoutTriggers(`UPDATE "AuditEvent" SET "after" = '{"n": 100}' WHERE "sequence" = 100`);
    }
  });

  it("reports the event a superuser edited with the triggers off", async () => {
    await asSuperuserWithoutTriggers(`UPDATE "AuditEvent" SET "reason" = 'quietly changed' WHERE "sequence" = 7777`);
    const run = await finished((await compliance.caller.audit.startVerification({})).id);
    expect(run).toMatchObject({ status: "broken", firstBroken: { sequence: "7777", problem: "edited" } });
    // It stopped there: everything before was checked, nothing after.
    expect(run.checked).toBe(7776);
    expect(run.head?.sequence).toBe("7776");
  });
});
