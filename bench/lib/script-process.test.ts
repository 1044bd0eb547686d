import { describe, expect, it } from "vitest";
import { npmStartNodeFlags, startNodeFlags } from "./script-process";

describe("the Node flags benchmarks start scripts with", () => {
  it("are npm start's, between node and the launcher", () => {
    expect(startNodeFlags("node --no-memory-reducer --import tsx scripts/start.ts")).toEqual(["--no-memory-reducer", "--import", "tsx"]);
    expect(npmStartNodeFlags).toContain("--import");
  });

  it("refuse a start script of another shape, rather than run something else than npm start", () => {
    expect(() => startNodeFlags("tsx scripts/start.ts")).toThrow(/not "node <flags> scripts\/start.ts"/);
    expect(() => startNodeFlags("node --import tsx scripts/other.ts")).toThrow(/not "node <flags> scripts\/start.ts"/);
  });

  // README (Operations, "Memory between bursts"): after 8 s without traffic V8's memory reducer left the old generation a
  // tight limit, and the next burst ran a full collection every 1–2 s: 1.6–2.2 ms of CPU per answer against 1.1–1.5 ms
  // without it.
  it("keep V8's memory reducer off in the product, as npm start does", () => {
    expect(npmStartNodeFlags).toContain("--no-memory-reducer");
  });

  // README (Operations, "Memory between bursts"): with the clouds' SDKs loaded on first use the live heap halved, and at
  // V8's own growing factor (at most 4×) the product's full collections came twice as often; P4's plain p99 missed in
  // 3 of 6 runs.
  it("let the old generation grow to 7.5 times what survived the last full collection, as npm start does", () => {
    expect(npmStartNodeFlags).toContain("--heap-growing-percent=650");
  });
});
