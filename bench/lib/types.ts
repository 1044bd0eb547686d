// The contract between `npm run bench` (bench/run.ts) and each benchmark module (bench/p<N>-<name>.ts).
// Benchmarks report, they never fail the build: a missed goal is printed and recorded, not thrown.

/** One figure compared with a yardstick measured in the same run on the same machine and Postgres. */
export interface Measurement {
  /** What was measured, e.g. "audit appends/s, 8 writers". */
  label: string;
  unit: string;
  figure: number;
  yardstick: number;
  /** What the yardstick is, e.g. "raw single-row INSERTs/s into an unconstrained table". */
  yardstickLabel: string;
  /** figure / yardstick, or the inverse where a smaller figure is better: say which in `goal`. */
  ratio: number;
  /** e.g. { op: ">=", value: 0.5 } for a ratio goal; absolute goals (RSS, p99, kB, score) go in `limits`. */
  goal: { op: ">=" | "<="; value: number };
  met: boolean;
}

/** An absolute limit the issue sets beside the ratio (peak RSS ≤ 300 MB, ≤ 180 kB per route). */
export interface Limit {
  label: string;
  unit: string;
  value: number;
  op: ">=" | "<=";
  limit: number;
  met: boolean;
}

export interface BenchResult {
  measurements: Measurement[];
  limits: Limit[];
  /** Anything else worth keeping (sizes, counts, per-route tables). */
  details?: Record<string, unknown>;
}

export interface BenchContext {
  /** A Postgres server URL (DATABASE_URL's server or the runner's embedded one); make your own databases on it. */
  serverUrl: string;
  /** Progress lines for long work, prefixed with the benchmark's name by the runner. */
  log(message: string): void;
}

export interface Benchmark {
  /** "P1" … "P6": what `npm run bench -- P3` selects. */
  name: string;
  title: string;
  run(context: BenchContext): Promise<BenchResult>;
}
