// Verifying RFC 9162 proofs, written from the RFC's own verification algorithms (§2.1.3.2 for inclusion,
// §2.1.4.2 for consistency), step by step, with the sizes as bigints. It shares no code with the producer
// (rfc9162.ts), so the two check each other; both are checked against transparency-dev/merkle's vectors.
import { createHash } from "node:crypto";

const inner = (left: Uint8Array, right: Uint8Array) => createHash("sha256").update(Buffer.from([0x01])).update(left).update(right).digest();
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const lsb = (n: bigint) => (n & 1n) === 1n;

/** True when `proof` shows the leaf with hash `leaf` at `leafIndex` in the tree of `treeSize` with root `root`. */
export function verifyInclusion(leafIndex: bigint, treeSize: bigint, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array): boolean {
  // 1. The leaf must be in the tree.
  if (leafIndex < 0n || leafIndex >= treeSize) return false;
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  // 2.-3.
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r: Uint8Array = leaf;
  // 4.
  for (const p of proof) {
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      r = inner(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = inner(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  return sn === 0n && same(r, root);
}

/** True when `proof` shows the tree of `oldSize` with `oldRoot` is a prefix of the tree of `newSize` with `newRoot`. */
export function verifyConsistency(oldSize: bigint, newSize: bigint, oldRoot: Uint8Array, newRoot: Uint8Array, proof: Uint8Array[]): boolean {
  if (oldSize < 0n || oldSize > newSize) return false;
  if (proof.some((p) => p.length !== 32)) return false;
  // Trivial cases the RFC's algorithm leaves to its preconditions: the empty tree is a prefix of any tree,
  // and a tree is consistent with itself; neither needs (nor accepts) a proof.
  if (oldSize === 0n) return proof.length === 0;
  if (oldSize === newSize) return proof.length === 0 && same(oldRoot, newRoot);
  // 1.
  if (proof.length === 0) return false;
  // 2.
  const path = (oldSize & (oldSize - 1n)) === 0n ? [oldRoot, ...proof] : [...proof];
  // 3.-4.
  let fn = oldSize - 1n;
  let sn = newSize - 1n;
  while (lsb(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      fr = inner(c, fr);
      sr = inner(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = inner(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7.
  return same(fr, oldRoot) && same(sr, newRoot) && sn === 0n;
}
