import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MerkleFrontier, type StoredNode } from "./frontier";
import { ReferenceTree } from "./reference-tree";
import { consistencyRanges, foldRange, inclusionRanges, leafHash, nodeKey, perfectNodes, type LeafRange } from "./rfc9162";
import { CONSISTENCY, INCLUSION, LEAVES, ROOTS } from "./test-vectors";
import { verifyConsistency, verifyInclusion } from "./verify";

/** Builds the tree as the store does (frontier pushes), keeping every perfect subtree it completes. */
function build(leafHashes: Buffer[]) {
  const frontier = new MerkleFrontier();
  const nodes = new Map<string, Buffer>();
  const roots: Buffer[] = [];
  for (const leaf of leafHashes) {
    for (const node of frontier.push(leaf)) nodes.set(nodeKey(node), node.hash);
    roots.push(frontier.root());
  }
  const hashOf = (range: LeafRange) => foldRange(perfectNodes(range).map((node) => nodes.get(nodeKey(node))!));
  return { roots, hashOf, frontier };
}

const vectorTree = build(LEAVES.map(leafHash));
const hex = (buffers: Buffer[]) => buffers.map((b) => b.toString("hex"));

describe("RFC 9162 trees as the producer builds them", () => {
  it("has the roots of transparency-dev/merkle's vectors for 1 to 8 leaves", () => {
    expect(hex(vectorTree.roots)).toEqual(hex(ROOTS));
  });

  it.each(INCLUSION)("makes the vectors' inclusion proof of leaf $leaf in $size", ({ leaf, size, proof }) => {
    expect(hex(inclusionRanges(leaf - 1, size).map(vectorTree.hashOf))).toEqual(hex(proof));
  });

  it.each(CONSISTENCY)("makes the vectors' consistency proof from $size1 to $size2", ({ size1, size2, proof }) => {
    expect(hex(consistencyRanges(size1, size2).map(vectorTree.hashOf))).toEqual(hex(proof));
  });

  it("refuses ranges MTH never splits into and leaves outside the tree", () => {
    expect(() => perfectNodes({ start: 1, end: 3 })).toThrow(/not aligned/);
    expect(() => inclusionRanges(5, 5)).toThrow(/not in a tree of 5/);
    expect(() => consistencyRanges(6, 5)).toThrow(/no consistency proof/);
  });

  it("agrees with the RFC's recursive definition, and the verifier accepts its proofs, for any tree up to 300 leaves", () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const reference = new ReferenceTree(leaves);
    const produced = build(leaves);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 299 }), fc.integer({ min: 0, max: 300 }), (size, leafSeed, oldSeed) => {
        const root = reference.root(size);
        expect(produced.roots[size - 1].equals(root)).toBe(true);
        const leaf = leafSeed % size;
        const path = inclusionRanges(leaf, size).map(produced.hashOf);
        expect(verifyInclusion(BigInt(leaf), BigInt(size), leaves[leaf], path, root)).toBe(true);
        const oldSize = oldSeed % (size + 1);
        const proof = consistencyRanges(oldSize, size).map(produced.hashOf);
        expect(verifyConsistency(BigInt(oldSize), BigInt(size), reference.root(oldSize), root, proof)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("saves and restores its right edge", () => {
    const restored = MerkleFrontier.fromJSON(JSON.parse(JSON.stringify(vectorTree.frontier.toJSON())));
    expect(restored.root().equals(ROOTS[7])).toBe(true);
    const grown: StoredNode[] = restored.push(leafHash(Buffer.from("ninth")));
    expect(grown).toHaveLength(1);
    expect(() => new MerkleFrontier(3, [])).toThrow(/needs the subtrees/);
  });
});
