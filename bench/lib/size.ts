// BENCH_SIZE=tiny runs every benchmark at a size that takes seconds: bench/benchmarks.int.test.ts (part of `npm test`)
// does, so a benchmark that no longer runs or no longer reports a figure fails the tests. Tiny figures mean nothing;
// `npm run bench` measures at full size and does not record a tiny run.

export const tinySize = () => process.env.BENCH_SIZE === "tiny";

/** `full` for `npm run bench`, `tiny` under BENCH_SIZE=tiny. Read when a benchmark module loads. */
export function sized<T>(full: T, tiny: T): T {
  return tinySize() ? tiny : full;
}
