// The verifier on its own, against transparency-dev/merkle's known-good proofs and the corruptions its
// tests apply to them (wrong index or size, wrong leaf or root, garbage before or after, a flipped bit, a
// missing or inserted hash): every corruption must be refused.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONSISTENCY, INCLUSION, LEAVES, ROOTS } from "./test-vectors";
import { verifyConsistency, verifyInclusion } from "./verify";

const leaf = (data: Buffer) => createHash("sha256").update(Buffer.from([0])).update(data).digest();
const SOME = Buffer.from("abacaba000000000000000000000000000000000000000000060061e00123456", "hex");
const EMPTY = createHash("sha256").digest();
const flip = (proof: Buffer[], i: number, bit: number) => proof.map((p, j) => (j === i ? Buffer.from(p.map((byte, k) => (k === 0 ? byte ^ bit : byte))) : p));

describe("inclusion proofs", () => {
  it.each(INCLUSION)("accepts the vectors' proof of leaf $leaf in $size and refuses every corruption of it", ({ leaf: n, size, proof }) => {
    const index = BigInt(n - 1);
    const tree = BigInt(size);
    const hash = leaf(LEAVES[n - 1]);
    const root = ROOTS[size - 1];
    expect(verifyInclusion(index, tree, hash, proof, root)).toBe(true);
    const corruptions: [string, boolean][] = [
      ["index - 1", verifyInclusion(index - 1n, tree, hash, proof, root)],
      ["index + 1", verifyInclusion(index + 1n, tree, hash, proof, root)],
      ["index ^ 2", verifyInclusion(index ^ 2n, tree, hash, proof, root)],
      ["size × 2", verifyInclusion(index, tree * 2n, hash, proof, root)],
      ["size ÷ 2", verifyInclusion(index, tree / 2n, hash, proof, root)],
      ["wrong leaf", verifyInclusion(index, tree, leaf(Buffer.from("WrongLeaf")), proof, root)],
      ["empty root", verifyInclusion(index, tree, hash, proof, EMPTY)],
      ["random root", verifyInclusion(index, tree, hash, proof, SOME)],
      ["trailing root", verifyInclusion(index, tree, hash, [...proof, root], root)],
      ["preceding root", verifyInclusion(index, tree, hash, [root, ...proof], root)],
      ["trailing garbage", verifyInclusion(index, tree, hash, [...proof, Buffer.alloc(0)], root)],
      ...proof.map((_, i): [string, boolean] => [`bit 3 of hash ${i}`, verifyInclusion(index, tree, hash, flip(proof, i, 8), root)]),
      ...(proof.length ? [["missing hash", verifyInclusion(index, tree, hash, proof.slice(0, -1), root)] as [string, boolean]] : []),
      ...(proof.length > 1 ? [["inserted hash", verifyInclusion(index, tree, hash, [proof[0], SOME, ...proof.slice(1)], root)] as [string, boolean]] : []),
    ];
    expect(corruptions.filter(([, accepted]) => accepted).map(([what]) => what)).toEqual([]);
  });

  it("refuses a leaf outside the tree and hashes of the wrong length", () => {
    expect(verifyInclusion(0n, 0n, SOME, [], EMPTY)).toBe(false);
    expect(verifyInclusion(1n, 1n, SOME, [], SOME)).toBe(false);
    expect(verifyInclusion(0n, 1n, Buffer.alloc(0), [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(0n, 1n, SOME, [], SOME)).toBe(true);
  });
});

describe("consistency proofs", () => {
  it.each(CONSISTENCY)("accepts the vectors' proof from $size1 to $size2 and refuses every corruption of it", ({ size1, size2, proof }) => {
    const [m, n] = [BigInt(size1), BigInt(size2)];
    const [r1, r2] = [ROOTS[size1 - 1], ROOTS[size2 - 1]];
    expect(verifyConsistency(m, n, r1, r2, proof)).toBe(true);
    if (!proof.length) return;
    const corruptions: [string, boolean][] = [
      ["size1 - 1", verifyConsistency(m - 1n, n, r1, r2, proof)],
      ["size1 + 1", verifyConsistency(m + 1n, n, r1, r2, proof)],
      ["size1 ^ 2", verifyConsistency(m ^ 2n, n, r1, r2, proof)],
      ["size2 × 2", verifyConsistency(m, n * 2n, r1, r2, proof)],
      ["size2 ÷ 2", verifyConsistency(m, n / 2n, r1, r2, proof)],
      ["wrong root1", verifyConsistency(m, n, SOME, r2, proof)],
      ["wrong root2", verifyConsistency(m, n, r1, SOME, proof)],
      ["swapped roots", verifyConsistency(m, n, r2, r1, proof)],
      ["empty proof", verifyConsistency(m, n, r1, r2, [])],
      ["trailing root1", verifyConsistency(m, n, r1, r2, [...proof, r1])],
      ["trailing root2", verifyConsistency(m, n, r1, r2, [...proof, r2])],
      ["preceding root1", verifyConsistency(m, n, r1, r2, [r1, ...proof])],
      ["preceding root2", verifyConsistency(m, n, r1, r2, [r2, ...proof])],
      ["preceding proof[0]", verifyConsistency(m, n, r1, r2, [proof[0], ...proof])],
      ["truncated", verifyConsistency(m, n, r1, r2, proof.slice(0, -1))],
      ...proof.map((_, i): [string, boolean] => [`bit 4 of hash ${i}`, verifyConsistency(m, n, r1, r2, flip(proof, i, 16))]),
    ];
    expect(corruptions.filter(([, accepted]) => accepted).map(([what]) => what)).toEqual([]);
  });

  it("handles the trivial cases as the vectors' tests do", () => {
    const [a, b] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    expect(verifyConsistency(0n, 0n, a, a, [])).toBe(true);
    expect(verifyConsistency(0n, 1n, a, b, [])).toBe(true);
    expect(verifyConsistency(1n, 1n, b, b, [])).toBe(true);
    expect(verifyConsistency(1n, 1n, a, b, [])).toBe(false);
    expect(verifyConsistency(1n, 0n, a, b, [])).toBe(false);
    expect(verifyConsistency(2n, 1n, a, b, [])).toBe(false);
    expect(verifyConsistency(1n, 2n, a, b, [])).toBe(false);
    expect(verifyConsistency(1n, 1n, EMPTY, EMPTY, [EMPTY])).toBe(false);
    expect(verifyConsistency(0n, 1n, EMPTY, EMPTY, [EMPTY])).toBe(false);
  });
});
