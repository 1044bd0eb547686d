// Appends made outside a caller's transaction (refusals, denials, failed attempts, exports) are grouped per
// process: while one batch is being written the next appends queue, and the whole queue goes in the next
// statement. The chain's lock is held until commit, so one event per transaction meant one WAL flush per event,
// one after the other (bench P1); a batch shares one commit and one flush. No timer: an append that finds
// nothing in flight is written at once, so a quiet process adds no latency.
import type { PrismaClient } from "@/server/db/generated/client";
import { appendRows, type AppendRow } from "./append-rows";

/** Bounds one statement's size (each row carries its before/after snapshots). */
const MAX_BATCH = 200;

interface Waiting {
  row: AppendRow;
  resolve(sequence: bigint): void;
  reject(error: unknown): void;
}

interface Queue {
  waiting: Waiting[];
  writing: boolean;
}

const queues = new WeakMap<PrismaClient, Queue>();

/** Resolves with the event's sequence number once its batch has committed. */
export function appendGrouped(client: PrismaClient, row: AppendRow): Promise<bigint> {
  let queue = queues.get(client);
  if (!queue) {
    queue = { waiting: [], writing: false };
    queues.set(client, queue);
  }
  const joined = queue;
  return new Promise((resolve, reject) => {
    joined.waiting.push({ row, resolve, reject });
    if (!joined.writing) void drain(client, joined);
  });
}

async function drain(client: PrismaClient, queue: Queue): Promise<void> {
  queue.writing = true;
  try {
    while (queue.waiting.length) await write(client, queue.waiting.splice(0, MAX_BATCH));
  } finally {
    queue.writing = false;
  }
}

async function write(client: PrismaClient, batch: Waiting[]): Promise<void> {
  try {
    const sequences = await appendRows(client, batch.map((waiting) => waiting.row));
    batch.forEach((waiting, index) => waiting.resolve(sequences[index]));
  } catch (error) {
    if (batch.length > 1 && refusedForItsData(error)) {
      // One event the database refuses (e.g. a NUL in a text) must not fail the others: each is written alone,
      // so only it is refused. Nothing was committed, so nothing is written twice.
      for (const waiting of batch) await write(client, [waiting]);
      return;
    }
    for (const waiting of batch) waiting.reject(error);
  }
}

/** Postgres' class 22 (data exception): the statement failed for what it carried, before anything committed.
 * Other failures (a dropped connection, a timeout) may leave it unknown whether the batch committed, so those are
 * not retried: each caller gets the error, as a single append would give it. */
function refusedForItsData(error: unknown): boolean {
  // Through the pg driver adapter, Prisma carries Postgres' SQLSTATE in meta.driverAdapterError.cause.
  const code = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === "string" && code.startsWith("22");
}
