// RFC 9162 (Certificate Transparency 2.0) Merkle trees, section 2.1, as the proof *producer* sees them: the
// hashes, and which subtrees an inclusion or consistency proof is made of. Pure: no storage, no I/O. The
// verifying side (verify.ts) follows the RFC's verification algorithms instead and shares nothing with this
// file, so a mistake here is not repeated there.
//
// Leaves are numbered from 0. Every subtree a proof needs is a contiguous range of leaves [start, end) that
// splits like the RFC's MTH: the left part is the largest power of two smaller than the range, so every range
// is a run of *perfect* subtrees (2^level leaves, starting at a multiple of 2^level). Only perfect subtrees
// are ever stored (they never change once their last leaf exists), and any range hash is folded from them.
import { createHash } from "node:crypto";

const sha256 = (...parts: Uint8Array[]) => {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part);
  return digest.digest();
};

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH of one entry: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Buffer {
  return sha256(LEAF_PREFIX, entry);
}

/** An inner node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = sha256();

/** A perfect subtree: 2^level leaves starting at leaf index × 2^level. */
export interface NodeId {
  level: number;
  index: number;
}

/** Leaves [start, end). */
export interface LeafRange {
  start: number;
  end: number;
}

/** The largest power of two strictly smaller than n (n ≥ 2), the RFC's k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n >= 1 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;

/** The perfect subtrees a range is made of, left to right, as MTH splits it. Throws for a range MTH never
 * asks for (one that does not start on a boundary of its own left part). */
export function perfectNodes(range: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let { start } = range;
  const { end } = range;
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start < end)) throw new Error(`not a leaf range: [${start}, ${end})`);
  while (start < end) {
    const size = end - start;
    const width = isPowerOfTwo(size) ? size : splitPoint(size);
    if (start % width !== 0) throw new Error(`leaf range [${range.start}, ${range.end}) is not aligned as MTH splits it`);
    nodes.push({ level: Math.log2(width), index: start / width });
    start += width;
  }
  return nodes;
}

/** MTH of a range from the hashes of its perfect subtrees (in perfectNodes' order): each split's left part
 * hashed with the hash of everything to its right. */
export function foldRange(hashes: Uint8Array[]): Buffer {
  if (!hashes.length) throw new Error("a range has at least one subtree");
  let acc: Buffer = Buffer.from(hashes[hashes.length - 1]);
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i], acc);
  return acc;
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf index m, as the ranges whose MTH make up the path, leaf first. */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  if (!(Number.isSafeInteger(leafIndex) && Number.isSafeInteger(treeSize) && 0 <= leafIndex && leafIndex < treeSize)) {
    throw new Error(`leaf ${leafIndex} is not in a tree of ${treeSize}`);
  }
  const path: LeafRange[] = [];
  // Walks down from the whole tree, so the siblings come out root first; reversed at the end.
  let [start, end] = [0, treeSize];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1, between tree sizes m and n, as ranges in proof order. Empty when
 * m is 0 or m equals n (nothing to prove). */
export function consistencyRanges(oldSize: number, newSize: number): LeafRange[] {
  if (!(Number.isSafeInteger(oldSize) && Number.isSafeInteger(newSize) && 0 <= oldSize && oldSize <= newSize)) {
    throw new Error(`no consistency proof from ${oldSize} to ${newSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  // SUBPROOF(m, D[start:end], complete), unrolled: each step appends one range after the deeper ones, so
  // collect the appended ranges top-down and put the final (deepest) one first.
  const appended: LeafRange[] = [];
  let [m, start, end, complete] = [oldSize, 0, newSize, true];
  for (;;) {
    const n = end - start;
    if (m === n) {
      const deepest = complete ? [] : [{ start, end }];
      return [...deepest, ...appended.reverse()];
    }
    const k = splitPoint(n);
    if (m <= k) {
      appended.push({ start: start + k, end });
      end = start + k;
    } else {
      appended.push({ start, end: start + k });
      m -= k;
      start += k;
      complete = false;
    }
  }
}

/** Every perfect subtree a list of ranges needs, without repeats (one read of the store serves them all). */
export function nodesFor(ranges: LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of ranges) for (const node of perfectNodes(range)) seen.set(`${node.level}:${node.index}`, node);
  return [...seen.values()];
}

export const nodeKey = (node: NodeId) => `${node.level}:${node.index}`;
