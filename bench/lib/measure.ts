// Building Measurements and Limits (types.ts) so every benchmark computes ratio and met the same way.
import type { Limit, Measurement } from "./types";

const holds = (value: number, op: ">=" | "<=", bound: number) => (op === ">=" ? value >= bound : value <= bound);

/** `ratio` is figure / yardstick; for "smaller is better" figures (times) use goal "<=". */
export function measurement(input: Omit<Measurement, "ratio" | "met">): Measurement {
  const ratio = input.figure / input.yardstick;
  return { ...input, ratio, met: holds(ratio, input.goal.op, input.goal.value) };
}

export function limit(input: Omit<Limit, "met">): Limit {
  return { ...input, met: holds(input.value, input.op, input.limit) };
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
