// Acceptance 2 of issue 5: several processes appending at once keep one linear chain, while each runs the
// checkpointer as a replica does, and the tree and checkpoints they write together verify. A file of its own:
// 4 × 5,000 appends take a while on a small machine.
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/server/db/client";
import { checkpointNow } from "./checkpointer";
import { verifyAuditTrail } from "./trail-verification";
import { storedTreeSize } from "./tree-store";

const PROCESSES = 4;
const EACH = 5000;

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

function appender(name: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/audit/fixtures/append-process.ts"], {
    env: { ...process.env, APPEND_COUNT: String(EACH), APPEND_NAME: name },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout.on("data", (chunk) => output.push(String(chunk)));
  child.stderr.on("data", (chunk) => output.push(String(chunk)));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`appender ${name} exited ${code}:\n${output.join("")}`)))),
  );
}

it(`${PROCESSES} processes × ${EACH} concurrent appends make one chain with no gap or duplicate`, { timeout: 600_000 }, async () => {
  const started = Date.now();
  await Promise.all(Array.from({ length: PROCESSES }, (_, index) => appender(`p${index}`)));
  console.log(`${PROCESSES * EACH} appends from ${PROCESSES} processes in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const total = PROCESSES * EACH;
  const [stats] = await db().$queryRaw<{ count: bigint; distinct: bigint; min: bigint; max: bigint }[]>`
    SELECT count(*) AS "count", count(DISTINCT "sequence") AS "distinct", min("sequence") AS "min", max("sequence") AS "max" FROM "AuditEvent"`;
  expect(stats).toEqual({ count: BigInt(total), distinct: BigInt(total), min: 1n, max: BigInt(total) });
  const perWriter = await db().auditEvent.groupBy({ by: ["requestId"], _count: true });
  expect(perWriter.map((row) => row._count)).toEqual(Array(PROCESSES).fill(EACH));

  const report = await verifyAuditTrail();
  expect(report).toMatchObject({ ok: true, checked: total, head: { sequence: String(total) }, firstBroken: null, badCheckpoint: null });
  // The checkpointers took turns: one tree, each checkpoint's root the root of its events (verified above).
  expect(report.checkpoints).toBeGreaterThan(1);
  await checkpointNow();
  expect(await storedTreeSize(db())).toBe(total);
});
