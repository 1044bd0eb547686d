// Inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4) from the stored tree: the ranges the RFC's
// definitions name (tlog/rfc9162.ts), the perfect subtrees they are made of read in one query, and each range
// folded from them. Any tree size up to the stored one can be proved, not only checkpointed ones.
import type { PrismaClient } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import { consistencyRanges, EMPTY_ROOT, foldRange, inclusionRanges, nodeKey, nodesFor, perfectNodes, type LeafRange } from "@/tlog/rfc9162";
import { readNodes } from "./tree-store";

type Client = PrismaClient | Tx;

/** MTH of each range, from the store, in one query. A node not stored means the tree does not reach
 * `treeSize` yet (perfect subtrees are written once complete). */
async function rangeHashes(client: Client, ranges: LeafRange[], treeSize: number): Promise<Buffer[]> {
  const hashes = await readNodes(client, nodesFor(ranges));
  return ranges.map((range) =>
    foldRange(
      perfectNodes(range).map((node) => {
        const hash = hashes.get(nodeKey(node));
        if (!hash) throw new Error(`the Merkle tree does not cover ${treeSize} events yet (node ${nodeKey(node)} is missing)`);
        return hash;
      }),
    ),
  );
}

export function inclusionProof(client: Client, leafIndex: number, treeSize: number): Promise<Buffer[]> {
  return rangeHashes(client, inclusionRanges(leafIndex, treeSize), treeSize);
}

export function consistencyProof(client: Client, oldSize: number, newSize: number): Promise<Buffer[]> {
  return rangeHashes(client, consistencyRanges(oldSize, newSize), newSize);
}

export async function rootAt(client: Client, treeSize: number): Promise<Buffer> {
  if (treeSize === 0) return Buffer.from(EMPTY_ROOT);
  const [root] = await rangeHashes(client, [{ start: 0, end: treeSize }], treeSize);
  return root;
}

/** Inclusion proofs of many leaves in one tree, from one read of the store (an export's events). */
export async function inclusionProofs(client: Client, leafIndexes: number[], treeSize: number): Promise<Buffer[][]> {
  const paths = leafIndexes.map((leaf) => inclusionRanges(leaf, treeSize));
  const hashes = await rangeHashes(client, paths.flat(), treeSize);
  let at = 0;
  return paths.map((path) => hashes.slice(at, (at += path.length)));
}
