// MTH exactly as RFC 9162 §2.1.1 defines it, recursively, over an in-memory list of leaf hashes: the
// yardstick the tests hold the producer (rfc9162.ts, frontier.ts, the Postgres store) against. The perfect
// subtrees are computed once per level (each level one flat buffer, so a million leaves fit in 64 MB), and any
// range's MTH follows the definition's split, so no code of the producer is involved.
import { createHash } from "node:crypto";

const h = (...parts: Uint8Array[]) => {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part);
  return digest.digest();
};
const ONE = Buffer.from([1]);

export class ReferenceTree {
  /** levels[j] holds MTH of leaves [i·2^j, (i+1)·2^j) at bytes [32i, 32i + 32). */
  private readonly levels: Buffer[];

  constructor(leafHashes: Buffer[] | Buffer) {
    let level = Array.isArray(leafHashes) ? Buffer.concat(leafHashes) : leafHashes;
    this.levels = [level];
    while (level.length > 32) {
      const count = Math.floor(level.length / 64);
      const up = Buffer.alloc(count * 32);
      for (let i = 0; i < count; i++) h(ONE, level.subarray(64 * i, 64 * i + 32), level.subarray(64 * i + 32, 64 * i + 64)).copy(up, 32 * i);
      this.levels.push(up);
      level = up;
    }
  }

  /** MTH(D[start:end]) by the definition: k is the largest power of two below n; left D[0:k], right D[k:n]. */
  mth(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 0) return h();
    if (n === 1) return this.node(0, start)!;
    let k = 1;
    while (k * 2 < n) k *= 2;
    const left = (start % k === 0 ? this.node(Math.log2(k), start / k) : undefined) ?? this.mth(start, start + k);
    return h(ONE, left, this.mth(start + k, end));
  }

  root(size: number): Buffer {
    return this.mth(0, size);
  }

  private node(level: number, index: number): Buffer | undefined {
    const bytes = this.levels[level];
    return bytes && 32 * index + 32 <= bytes.length ? Buffer.from(bytes.subarray(32 * index, 32 * index + 32)) : undefined;
  }
}
