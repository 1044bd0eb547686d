// A project script in a Node process of its own for a benchmark (the product's launcher, P4's bare handler), run as
// in production: `node --import tsx <script>` from the project root, NODE_ENV=production, the given database.
import { spawn, type ChildProcess } from "node:child_process";
import { root } from "@/scripts/lib/prepare";

export interface ScriptProcess {
  child: ChildProcess;
  /** The last 8,000 characters it printed (stdout and stderr), for errors. */
  output(): string;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export function startScript(script: string, databaseUrl: string, env: Record<string, string>): ScriptProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
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
