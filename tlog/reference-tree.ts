// MTH exactly as RFC 9162 §2.1.1 defines it, recursively, over an in-memory list of leaf hashes: the
// yardstick the tests hold the producer (rfc9162.ts, frontier.ts, the Postgres store) against. The perfect
// subtrees are computed once per level so a million leaves take seconds, and any range's MTH follows the
// definition's split, so no code of the producer is involved.
import { createHash } from "node:crypto";

const h = (...parts: Uint8Array[]) => {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part);
  return digest.digest();
};

export class ReferenceTree {
  /** levels[0] are the leaf hashes; levels[j][i] is MTH of leaves [i·2^j, (i+1)·2^j). */
  private readonly levels: Buffer[][];

  constructor(leafHashes: Buffer[]) {
    this.levels = [leafHashes];
    for (let level = leafHashes; level.length > 1; ) {
      const up: Buffer[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) up.push(h(Buffer.from([1]), level[i], level[i + 1]));
      this.levels.push(up);
      level = up;
    }
  }

  /** MTH(D[start:end]) by the definition: k is the largest power of two below n; left D[0:k], right D[k:n]. */
  mth(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 0) return h();
    if (n === 1) return this.levels[0][start];
    let k = 1;
    while (k * 2 < n) k *= 2;
    const left = this.perfect(start, k) ?? this.mth(start, start + k);
    return h(Buffer.from([1]), left, this.mth(start + k, end));
  }

  root(size: number): Buffer {
    return this.mth(0, size);
  }

  private perfect(start: number, width: number): Buffer | undefined {
    const level = Math.log2(width);
    return start % width === 0 ? this.levels[level]?.[start / width] : undefined;
  }
}
