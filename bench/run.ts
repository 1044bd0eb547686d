// `npm run bench [-- P2 P3]`: runs the benchmarks bench/p<N>-*.ts (all, or those named) against one Postgres,
// prints each figure beside its same-run yardstick, and writes bench/results/latest.json. Benchmarks report,
// they do not fail: a missed goal or a crashed benchmark is printed and recorded, and the run goes on.
import "@/scripts/lib/supported-node";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { generatePrismaClient, root } from "@/scripts/lib/prepare";
import { startScratchServer } from "@/server/db/scratch-server";
import { serverVersion } from "./lib/postgres";
import { discover } from "./lib/discover";
import { crashedLine, headerLine, resultLines } from "./lib/report";
import { runEndSteps } from "./lib/run-end";
import { tinySize } from "./lib/size";
import type { BenchResult } from "./lib/types";

const resultsFile = path.join(root, "bench/results/latest.json");

interface Recorded {
  name: string;
  title: string;
  /** When this benchmark ran (a run of some benchmarks keeps the others' earlier entries). */
  date: string;
  seconds: number;
  result?: BenchResult;
  error?: string;
}

/** One table line per measurement and per limit; what was measured against what on the line below. */
function print(name: string, result: BenchResult, header = true) {
  if (header) console.log(headerLine());
  for (const text of resultLines(name, result)) console.log(text);
}

/** bench/results/latest.json: this run's entries; those of benchmarks not run this time stay, with their own dates. */
async function record(recorded: Recorded[], postgresVersion: string) {
  const previous = (JSON.parse(await readFile(resultsFile, "utf8").catch(() => "{}")) as { results?: Recorded[] }).results ?? [];
  const results = [...previous.filter((old) => !recorded.some((entry) => entry.name === old.name)), ...recorded].sort((a, b) => a.name.localeCompare(b.name));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version, postgres: postgresVersion };
  await mkdir(path.dirname(resultsFile), { recursive: true });
  await writeFile(resultsFile, JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2) + "\n");
  console.log(`\nwrote ${path.relative(root, resultsFile)}`);
}

async function main() {
  const wanted = process.argv.slice(2).map((name) => name.toUpperCase());
  await generatePrismaClient();
  const all = await discover();
  const unknown = wanted.filter((name) => !all.some((benchmark) => benchmark.name === name));
  if (unknown.length) {
    console.error(`No benchmark named ${unknown.join(", ")}; there are ${all.map((benchmark) => benchmark.name).join(", ")}`);
    process.exit(2);
  }
  const selected = wanted.length ? all.filter((benchmark) => wanted.includes(benchmark.name)) : all;
  // Throwaway secrets, so no benchmark writes key files into the project (children inherit them).
  process.env.BULKHEAD_AUDIT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  process.env.BULKHEAD_AUTH_SECRET ??= randomBytes(32).toString("base64url");

  const postgres = await startScratchServer("bench");
  const recorded: Recorded[] = [];
  let postgresVersion = "unknown";
  try {
    postgresVersion = await serverVersion(postgres.url);
    console.log(`Postgres ${postgresVersion}; ${cpus().length} CPUs; running ${selected.map((benchmark) => benchmark.name).join(", ")}`);
    for (const benchmark of selected) {
      console.log(`\n=== ${benchmark.name} ${benchmark.title} ===`);
      const started = Date.now();
      const entry: Recorded = { name: benchmark.name, title: benchmark.title, date: new Date().toISOString(), seconds: 0 };
      try {
        entry.result = await benchmark.run({ serverUrl: postgres.url, log: (message) => console.log(`${benchmark.name}  ${message}`) });
      } catch (error) {
        entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
        console.error(`${benchmark.name}  CRASHED: ${entry.error}`);
      }
      entry.seconds = (Date.now() - started) / 1000;
      if (entry.result) print(benchmark.name, entry.result);
      console.log(`${benchmark.name}  took ${entry.seconds.toFixed(0)} s`);
      recorded.push(entry);
    }
  } finally {
    await runEndSteps((message) => console.error(message));
    await postgres.stop();
  }

  if (tinySize()) {
    console.log("\nBENCH_SIZE=tiny: the figures mean nothing and are not recorded");
  } else {
    await record(recorded, postgresVersion);
  }
  console.log("\nsummary");
  console.log(headerLine());
  for (const entry of recorded) {
    if (!entry.result) console.log(crashedLine(entry.name));
    else print(entry.name, entry.result, false);
  }
}

await main();
// The run is over: what a crashed benchmark left behind (a queue still polling the Postgres stopped above, an
// emulator's server) must not keep the process waiting for ever.
process.exit(0);
