// Appends outside a caller's transaction are grouped into shared commits, keep one unbroken chain, and one event
// the database refuses fails alone.
import { generateKeyPairSync } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/server/db/client";
import { recordAudit } from "./record";
import { verifyAuditTrail } from "./trail-verification";

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const who = (n: number) => ({ actor: null, meta: { requestId: `group-${n}`, sourceIp: null, userAgent: null } });
const entry = (n: number) => ({ action: "http.cross-origin", outcome: "denied" as const, resourceType: "request", resourceId: `/path/${n}`, after: { n } });

async function transactionsOf(from: bigint, to: bigint): Promise<number> {
  // xmin is the transaction that inserted a row: events committed together share it.
  const [row] = await db().$queryRaw<{ transactions: bigint }[]>`
    SELECT count(DISTINCT xmin::text) AS "transactions" FROM "AuditEvent" WHERE "sequence" BETWEEN ${from} AND ${to}`;
  return Number(row.transactions);
}

it("groups concurrent appends into shared commits, each caller told its own event's number, the chain unbroken", async () => {
  const sequences = await Promise.all(Array.from({ length: 100 }, (_, n) => recordAudit(db(), who(n), entry(n))));
  expect([...sequences].sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 100 }, (_, n) => BigInt(n + 1)));
  const events = await db().auditEvent.findMany({ orderBy: { sequence: "asc" } });
  for (const [n, sequence] of sequences.entries()) expect(events[Number(sequence) - 1].requestId).toBe(`group-${n}`);
  // The first append finds nothing in flight and is written alone; the 99 that queued behind it share commits.
  const transactions = await transactionsOf(1n, 100n);
  expect(transactions).toBeGreaterThan(1);
  expect(transactions).toBeLessThan(10);
  expect(await verifyAuditTrail()).toMatchObject({ ok: true, checked: 100, firstBroken: null });
});

it("writes an append alone when nothing is in flight", async () => {
  const first = await recordAudit(db(), who(1), entry(1));
  const second = await recordAudit(db(), who(2), entry(2));
  expect(second).toBe(first + 1n);
  expect(await transactionsOf(first, second)).toBe(2);
});

it("fails only the event the database refuses; the rest of its batch is written", async () => {
  const [head] = await db().auditEvent.findMany({ orderBy: { sequence: "desc" }, take: 1 });
  // Postgres text and jsonb cannot hold NUL (22P05): this event cannot be stored.
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, n) => recordAudit(db(), who(n), n === 7 ? { ...entry(n), resourceId: "bad\u0000id" } : entry(n))),
  );
  expect(results.filter((result) => result.status === "rejected")).toHaveLength(1);
  expect(results[7].status).toBe("rejected");
  const written = await db().auditEvent.findMany({ where: { sequence: { gt: head.sequence } }, orderBy: { sequence: "asc" } });
  expect(written.map((event) => event.requestId).sort()).toEqual(
    Array.from({ length: 20 }, (_, n) => `group-${n}`)
      .filter((id) => id !== "group-7")
      .sort(),
  );
  expect(await verifyAuditTrail()).toMatchObject({ ok: true, firstBroken: null });
});
