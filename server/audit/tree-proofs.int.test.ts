// Acceptance: proofs from the tree the checkpointer grows in Postgres over a 1,000,000-event log, checked by the
// verifier written from the RFC's verification algorithms (tlog/verify.ts) against roots computed by the
// RFC's recursive definition in memory (tlog/reference-tree.ts), neither of which shares code with the producer:
// inclusion proofs of 1,000 random events and consistency proofs between 100 random pairs of sizes.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { ReferenceTree } from "@/tlog/reference-tree";
import { leafHash } from "@/tlog/rfc9162";
import { verifyConsistency, verifyInclusion } from "@/tlog/verify";
import { consistencyProof, inclusionProof, rootAt } from "./tree-proofs";
import { growTree, storedTreeSize } from "./tree-store";

const EVENTS = 1_000_000;
// Seeding a million rows and growing their tree are single statements that take longer than the app's 10 s limit on
// a busy two-core machine; the client is made on first use, after this.
process.env.BULKHEAD_DB_STATEMENT_TIMEOUT_SECONDS = "600";
/** The chain hash each seeded event gets: SHA-256 of its sequence's digits (the tree does not check the chain). */
const hashOf = (sequence: number) => createHash("sha256").update(String(sequence)).digest();

let reference: ReferenceTree;
/** A fixed-seed generator, so a failure can be replayed. */
let seed = 17;
const random = (below: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % below;
};

beforeAll(async () => {
  // Rows straight from Postgres (append-only: INSERT is allowed), far faster than a million appends.
  await db().$executeRaw`INSERT INTO "AuditEvent" ("sequence", "occurredAt", "action", "outcome", "resourceType", "requestId", "prevHash", "hash")
    SELECT g, now(), 'seed', 'ok', 'seed', 'seed', '', encode(sha256(g::text::bytea), 'hex') FROM generate_series(1, ${EVENTS}) AS g`;
  const leaves = Buffer.alloc(32 * EVENTS);
  for (let sequence = 1; sequence <= EVENTS; sequence++) leafHash(hashOf(sequence)).copy(leaves, 32 * (sequence - 1));
  reference = new ReferenceTree(leaves);
  // The checkpointer's own growth, in its batches, up to half and then the rest, as two runs would.
  expect(await growTree(db(), EVENTS / 2)).toBe(EVENTS / 2);
  expect(await growTree(db(), EVENTS)).toBe(EVENTS);
}, 600_000);

describe("the Merkle tree of 1,000,000 events in Postgres", () => {
  it("has the root of the RFC's definition, at the full size and at sizes between", async () => {
    expect((await rootAt(db(), EVENTS)).equals(reference.root(EVENTS))).toBe(true);
    for (const size of [1, 2, 3, 1000, 65_537, EVENTS / 2, EVENTS - 1]) expect((await rootAt(db(), size)).equals(reference.root(size)), `root of ${size}`).toBe(true);
    expect(await storedTreeSize(db())).toBe(EVENTS);
  });

  it("proves the inclusion of 1,000 random events, each refused at a neighbouring index", async () => {
    const root = reference.root(EVENTS);
    const failures: number[] = [];
    for (let n = 0; n < 1000; n++) {
      const index = random(EVENTS);
      const proof = await inclusionProof(db(), index, EVENTS);
      const leaf = leafHash(hashOf(index + 1));
      if (!verifyInclusion(BigInt(index), BigInt(EVENTS), leaf, proof, root)) failures.push(index);
      if (verifyInclusion(BigInt(index ^ 1), BigInt(EVENTS), leaf, proof, root)) failures.push(-index);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("proves consistency between 100 random pairs of sizes", async () => {
    const failures: string[] = [];
    for (let n = 0; n < 100; n++) {
      const newSize = 1 + random(EVENTS);
      const oldSize = 1 + random(newSize);
      const proof = await consistencyProof(db(), oldSize, newSize);
      if (!verifyConsistency(BigInt(oldSize), BigInt(newSize), reference.root(oldSize), reference.root(newSize), proof)) failures.push(`${oldSize}→${newSize}`);
      // The same proof must not pass with the root of another old tree.
      if (oldSize > 1 && oldSize < newSize && verifyConsistency(BigInt(oldSize), BigInt(newSize), reference.root(oldSize - 1), reference.root(newSize), proof)) failures.push(`accepted a wrong old root ${oldSize}→${newSize}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("refuses a proof for a size it does not cover yet", async () => {
    await expect(inclusionProof(db(), 5, EVENTS + 1)).rejects.toThrow(/does not cover 1000001 events yet/);
  });
});
