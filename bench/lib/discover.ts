import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "@/scripts/lib/prepare";
import type { Benchmark } from "./types";

/** Every benchmark, bench/p<N>-*.ts in order of N; each module's default export. */
export async function discover(): Promise<Benchmark[]> {
  const files = (await readdir(path.join(root, "bench"))).filter((file) => /^p\d-.*\.ts$/.test(file)).sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const benchmark = ((await import(pathToFileURL(path.join(root, "bench", file)).href)) as { default?: Benchmark }).default;
    if (!benchmark?.name || typeof benchmark.run !== "function") throw new Error(`bench/${file} has no default export of type Benchmark`);
    benchmarks.push(benchmark);
  }
  return benchmarks;
}
