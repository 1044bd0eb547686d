// P1: audit appends per second with 8 concurrent writers through the product's append path for events written
// outside a caller's transaction (recordAudit with the client: refusals, denials, failures; grouped per process
// into one statement and commit per batch, under the chain's lock: head read, chain hash, insert) against
// raw single-row INSERTs of the same payload into a table with no key, index or trigger, through the same
// Prisma client and pool. The two alternate in short phases so drift on the shared machine hits both alike. A
// second series runs the checkpointer once a second during the appends (60 times its default, as if 60 replicas
// each ran theirs), to measure what the Merkle tree and checkpoints cost the appends. A third series, reported without a goal,
// appends inside transactions of their own, as a mutation does: those cannot be grouped, since each holds the
// chain's lock until its caller commits.
import { setTimeout as sleep } from "node:timers/promises";
import { checkpointNow } from "@/server/audit/checkpointer";
import { recordAudit } from "@/server/audit/record";
import { db } from "@/server/db/client";
import type { Caller } from "@/server/identity/actor";
import { withAppDatabase } from "./lib/app-database";
import { measurement } from "./lib/measure";
import { freshDatabase } from "./lib/postgres";
import { sized } from "./lib/size";
import type { Benchmark } from "./lib/types";

const WRITERS = 8;
// Many short alternating phases: the machine is shared, and its load swings within seconds.
const PHASE_SECONDS = sized(3, 0.3);
const ROUNDS = sized(5, 1);
const CHECKPOINT_EVERY_MS = 1000;

const who = (writer: number, n: number): Caller => ({
  actor: { userId: `user-${writer}`, email: `user${writer}@example.com`, name: `User ${writer}`, role: "developer", teamIds: [`team-${writer}`] },
  meta: { requestId: `req-${writer}-${n}`, sourceIp: "10.0.0.1", userAgent: "Mozilla/5.0 (bench)" },
});
const before = (n: number) => ({ name: `app ${n}`, replicas: 2 });
const after = (n: number) => ({ name: `app ${n}`, replicas: 3, note: 'a "quoted", comma' });
const FAKE_HASH = "f".repeat(64);

const entry = (writer: number, n: number) =>
  ({ action: "app.update", outcome: "ok", resourceType: "app", resourceId: `app-${n % 1000}`, teamId: `team-${writer}`, before: before(n), after: after(n) }) as const;

async function appendThroughProduct(writer: number, n: number): Promise<void> {
  await recordAudit(db(), who(writer, n), entry(writer, n));
}

async function appendInTransaction(writer: number, n: number): Promise<void> {
  await db().$transaction((tx) => recordAudit(tx, who(writer, n), entry(writer, n)));
}

let rawSequence = 0n;
async function insertRaw(writer: number, n: number): Promise<void> {
  const { actor, meta } = who(writer, n);
  const sequence = ++rawSequence;
  await db().$executeRaw`INSERT INTO "BenchRawAudit" ("sequence", "occurredAt", "actorId", "actorEmail", "actorRole", "action", "outcome", "resourceType", "resourceId", "teamId", "before", "after", "reason", "requestId", "sourceIp", "userAgent", "prevHash", "hash")
    VALUES (${sequence}, ${new Date()}, ${actor.userId}, ${actor.email}, ${actor.role}::"Role", ${"app.update"}, ${"ok"}::"AuditOutcome", ${"app"}, ${`app-${n % 1000}`}, ${`team-${writer}`},
      ${JSON.stringify(before(n))}::jsonb, ${JSON.stringify(after(n))}::jsonb, ${null}, ${meta.requestId}, ${meta.sourceIp}, ${meta.userAgent}, ${FAKE_HASH}, ${FAKE_HASH})`;
}

/** Operations per second with WRITERS loops calling `op` back to back until `seconds` have passed. */
async function throughput(seconds: number, op: (writer: number, n: number) => Promise<void>): Promise<{ count: number; seconds: number }> {
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      while (performance.now() < deadline) await op(writer, count++);
    }),
  );
  return { count, seconds: (performance.now() - started) / 1000 };
}

/** ROUNDS rounds of a raw phase and a product phase, order swapped every round; with `checkpointer`, the
 * checkpointer runs once a second during each product phase. Each round pairs two adjacent phases under about
 * the same load; the round with the median ratio is reported (totals would weigh most whichever kind happened
 * to run in a quiet moment). */
async function rounds(name: string, product: (writer: number, n: number) => Promise<void>, log: (line: string) => void, checkpointer = false) {
  const totals = { product: { count: 0, seconds: 0 }, raw: { count: 0, seconds: 0 } };
  const results: { raw: number; product: number }[] = [];
  let checkpointerRuns = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const rates = { raw: 0, product: 0 };
    const order = [["raw", insertRaw], ["product", product]] as const;
    for (const [kind, op] of round % 2 ? order : [...order].reverse()) {
      let running = kind === "product" && checkpointer;
      const background = (async () => {
        while (running) {
          const started = performance.now();
          await checkpointNow(db());
          checkpointerRuns++;
          await sleep(Math.max(0, CHECKPOINT_EVERY_MS - (performance.now() - started)));
        }
      })();
      const phase = await throughput(PHASE_SECONDS, op);
      running = false;
      await background;
      totals[kind].count += phase.count;
      totals[kind].seconds += phase.seconds;
      rates[kind] = Math.round(phase.count / phase.seconds);
    }
    results.push(rates);
    log(`${name}, round ${round}: raw ${rates.raw}/s, product ${rates.product}/s`);
  }
  const median = [...results].sort((a, b) => a.product / a.raw - b.product / b.raw)[Math.floor(ROUNDS / 2)];
  const ratioOfTotals = totals.product.count / totals.product.seconds / (totals.raw.count / totals.raw.seconds);
  return { median, rounds: results, ratioOfTotals, checkpointerRuns };
}

const benchmark: Benchmark = {
  name: "P1",
  title: "audit append throughput, 8 concurrent writers",
  async run({ serverUrl, log }) {
    const url = await freshDatabase(serverUrl, "p1");
    return withAppDatabase(url, async () => {
      // Same columns and types, nothing else: CREATE TABLE AS copies no key, constraint, index or trigger.
      await db().$executeRawUnsafe(`CREATE TABLE "BenchRawAudit" AS SELECT * FROM "AuditEvent" WITH NO DATA`);
      log("warming up (pool, plans)");
      await throughput(1, insertRaw);
      await throughput(1, appendThroughProduct);
      const plain = await rounds("product", appendThroughProduct, log);
      // The same, with the checkpointer (tree growth, signing, in transactions of its own) running every second
      // during the product's phases: 60 times as often as its default.
      const busy = await rounds("product with the checkpointer running", appendThroughProduct, log, true);
      const inTransaction = await rounds("product, each append in a transaction of its own", appendInTransaction, log);
      const [{ events, checkpoints }] = await db().$queryRaw<{ events: bigint; checkpoints: bigint }[]>`
        SELECT (SELECT count(*) FROM "AuditEvent") AS events, (SELECT count(*) FROM "AuditCheckpoint") AS checkpoints`;
      const yardstickLabel = `raw single-row INSERTs/s of the same payload into an unconstrained table, ${WRITERS} writers, same pool`;
      return {
        measurements: [
          measurement({
            label: `audit appends/s, ${WRITERS} writers (recordAudit outside a transaction, chained, grouped into shared commits), median of ${ROUNDS} rounds`,
            unit: "/s",
            figure: plain.median.product,
            yardstick: plain.median.raw,
            yardstickLabel,
            goal: { op: ">=", value: 0.5 },
          }),
          measurement({
            label: `the same while the checkpointer runs every second, 60× its default (tree, checkpoints), median of ${ROUNDS} rounds`,
            unit: "/s",
            figure: busy.median.product,
            yardstick: busy.median.raw,
            yardstickLabel,
            goal: { op: ">=", value: 0.5 },
          }),
        ],
        limits: [],
        details: {
          writers: WRITERS,
          phaseSeconds: PHASE_SECONDS,
          rounds: plain.rounds,
          ratioOfTotals: plain.ratioOfTotals,
          roundsWithCheckpointer: busy.rounds,
          checkpointerRuns: busy.checkpointerRuns,
          inTransaction: { median: inTransaction.median, ratio: inTransaction.median.product / inTransaction.median.raw, rounds: inTransaction.rounds },
          eventsInTable: Number(events),
          checkpointsWritten: Number(checkpoints),
        },
      };
    });
  },
};

export default benchmark;
