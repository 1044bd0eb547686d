// The right edge of a growing tree (a "compact range" from leaf 0): the perfect subtrees that make up the
// first `size` leaves, at most one per level. Appending leaves needs nothing else, and neither does the root,
// so a tree of any size is built or re-checked in a single pass with O(log n) memory.
import { foldRange, nodeHash, perfectNodes, EMPTY_ROOT, type NodeId } from "./rfc9162";

export interface StoredNode extends NodeId {
  hash: Buffer;
}

export class MerkleFrontier {
  /** Perfect subtrees, largest (leftmost) first. */
  private readonly stack: StoredNode[];
  size: number;

  constructor(size = 0, stack: StoredNode[] = []) {
    this.size = size;
    this.stack = stack;
    const expected = size ? perfectNodes({ start: 0, end: size }) : [];
    if (expected.length !== stack.length || expected.some((node, i) => node.level !== stack[i].level || node.index !== stack[i].index)) {
      throw new Error(`a frontier of ${size} leaves needs the subtrees ${JSON.stringify(expected)}`);
    }
  }

  /** The subtrees a frontier of `size` leaves is made of, for a caller that reads them from storage. */
  static nodesOf(size: number): NodeId[] {
    return size ? perfectNodes({ start: 0, end: size }) : [];
  }

  /** Adds the next leaf; returns every perfect subtree it completes, the leaf itself first. */
  push(leaf: Buffer): StoredNode[] {
    let node: StoredNode = { level: 0, index: this.size, hash: leaf };
    const completed = [node];
    // Two neighbours of one level whose left one starts on an even index make their parent.
    while (this.stack.length && this.stack[this.stack.length - 1].level === node.level) {
      const left = this.stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      completed.push(node);
    }
    this.stack.push(node);
    this.size++;
    return completed;
  }

  /** MTH of the leaves so far. */
  root(): Buffer {
    return this.stack.length ? foldRange(this.stack.map((node) => node.hash)) : Buffer.from(EMPTY_ROOT);
  }

  /** Plain data, to save a walk and resume it later. */
  toJSON(): { size: number; nodes: { level: number; index: number; hash: string }[] } {
    return { size: this.size, nodes: this.stack.map((node) => ({ level: node.level, index: node.index, hash: node.hash.toString("hex") })) };
  }

  static fromJSON(saved: { size: number; nodes: { level: number; index: number; hash: string }[] }): MerkleFrontier {
    return new MerkleFrontier(saved.size, saved.nodes.map((node) => ({ ...node, hash: Buffer.from(node.hash, "hex") })));
  }
}
