import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startNodeFlags } from "./script-process";

const startScript = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: { start: string } }).scripts.start;

describe("the Node flags benchmarks start scripts with", () => {
  it("are npm start's, between node and the launcher", () => {
    expect(startNodeFlags("node --no-memory-reducer --import tsx scripts/start.ts")).toEqual(["--no-memory-reducer", "--import", "tsx"]);
    expect(startNodeFlags(startScript)).toContain("--import");
  });

  it("refuse a start script of another shape, rather than run something else than npm start", () => {
    expect(() => startNodeFlags("tsx scripts/start.ts")).toThrow(/not "node <flags> scripts\/start.ts"/);
    expect(() => startNodeFlags("node --import tsx scripts/other.ts")).toThrow(/not "node <flags> scripts\/start.ts"/);
  });

  // README (Performance, P4): after 8 s without traffic V8's memory reducer shrank the heap's limit, and the next
  // burst then ran a full collection every second or two: 1.6–2.2 ms of CPU per answer against 1.0–1.3 ms without it.
  it("keep V8's memory reducer off in the product, as npm start does", () => {
    expect(startNodeFlags(startScript)).toContain("--no-memory-reducer");
  });
});
