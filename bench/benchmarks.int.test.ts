import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { ensureDashboardBuilt } from "@/testing/launcher";
import type { Benchmark } from "./lib/types";

// Benchmarks that cannot rot: every one of bench/p<N>-*.ts runs here at its tiny size (BENCH_SIZE=tiny, seconds
// each) against the tests' Postgres, and must complete and report each of its figures as `npm run bench` prints
// them. The figures themselves mean nothing at this size and are not judged.

process.env.BENCH_SIZE = "tiny";
// Read by the benchmarks when they load, so imported only now that the size is set.
const { discover } = await import("./lib/discover");
const { resultLines } = await import("./lib/report");
const { runEndSteps } = await import("./lib/run-end");
const benchmarks: Benchmark[] = await discover();

beforeAll(async () => {
  // P4 and P6 serve the production build; the first test file to need it builds it, the others wait for it.
  await ensureDashboardBuilt();
}, 600_000);

afterAll(async () => {
  await runEndSteps((message) => console.error(message));
});

describe("every benchmark at its tiny size completes and reports each figure", () => {
  it("finds the benchmarks", () => {
    expect(benchmarks.map((benchmark) => benchmark.name)).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "P7"]);
  });

  for (const benchmark of benchmarks) {
    const { name } = benchmark;
    it(name, { timeout: 180_000 }, async () => {
      const started = performance.now();
      const log = (message: string) => console.log(`${name} +${((performance.now() - started) / 1000).toFixed(1)} s  ${message}`);
      const result = await benchmark.run({ serverUrl: inject("postgresServerUrl"), log });
      expect(result.measurements.length, "at least one figure against its yardstick").toBeGreaterThan(0);
      for (const m of result.measurements) {
        expect([m.figure, m.yardstick, m.ratio].every(Number.isFinite), `${m.label}: ${m.figure} vs ${m.yardstick}`).toBe(true);
        expect(m.yardstick, `${m.label}: a yardstick of 0 makes no ratio`).toBeGreaterThan(0);
      }
      for (const l of result.limits) expect(Number.isFinite(l.value), `${l.label}: ${l.value}`).toBe(true);
      const lines = resultLines(name, result);
      expect(lines.filter((line) => line.startsWith(name))).toHaveLength(result.measurements.length + result.limits.length);
      console.log(lines.join("\n"));
    });
  }
});
