// A project script in a Node process of its own for a benchmark (the product's launcher, P4's bare handler), run as
// in production: with `npm start`'s Node flags from the project root, NODE_ENV=production, the given database.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "@/scripts/lib/prepare";

/** The Node flags of package.json's `start` (`node <flags> scripts/start.ts`), so the benchmarks run what `npm start` runs. */
export function startNodeFlags(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== "node" || words.at(-1) !== "scripts/start.ts") throw new Error(`package.json's start is not "node <flags> scripts/start.ts": ${command}`);
  return words.slice(1, -1);
}

/** `npm start`'s Node flags, read once. */
export const npmStartNodeFlags = startNodeFlags((JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start);

export interface ScriptProcess {
  child: ChildProcess;
  /** The last 8,000 characters it printed (stdout and stderr), for errors. */
  output(): string;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export function startScript(script: string, databaseUrl: string, env: Record<string, string>): ScriptProcess {
  const child = spawn(process.execPath, [...npmStartNodeFlags, script], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, ...env },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return { child, output: () => output, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
