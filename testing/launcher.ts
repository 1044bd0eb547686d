import { spawn, type ChildProcess } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { closeSync, openSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildDashboard, root } from "@/scripts/lib/prepare";
import { waitFor } from "./wait-for";

// Bulkhead as processes, for the tests that stop, kill, freeze or double it: each started with its own launcher
// (scripts/start.ts), as `npm start` would, on loopback ports, and driven over HTTP like any client.

/** The keys replicas share, made once per test file (outside the sandbox they must come from the environment). */
export function sharedKeys(): Record<string, string> {
  return {
    BULKHEAD_AUTH_SECRET: randomBytes(32).toString("base64"),
    BULKHEAD_CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    BULKHEAD_SECRETS_KEY: randomBytes(32).toString("base64"),
    BULKHEAD_AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    BULKHEAD_METRICS_TOKEN: randomBytes(16).toString("hex"),
  };
}

/**
 * The production build the launchers serve. Test files run in parallel; the first to get here builds (when the
 * sources changed since the last build), the others wait for its lock file to go.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  const lock = path.join(tmpdir(), `bulkhead-build-${createHash("sha256").update(root).digest("hex").slice(0, 12)}.lock`);
  for (;;) {
    try {
      closeSync(openSync(lock, "wx"));
      break;
    } catch {
      // A lock left by a run that was killed mid-build is taken over once no build could still be going on.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 15 * 60_000) rmSync(lock, { force: true });
      await sleep(1000);
    }
  }
  try {
    await buildDashboard();
  } finally {
    rmSync(lock, { force: true });
  }
}

export interface Launched {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Its JSON log lines so far, parsed. */
  lines(): Record<string, unknown>[];
  /** When the launcher logged `message` (first line containing it), or undefined. */
  loggedAt(message: string): number | undefined;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(signal: NodeJS.Signals): void;
}

/** Starts a launcher and resolves once it says it is ready (its HTTP server listens). */
export async function launch(options: { port: number; env: Record<string, string | undefined>; readyWithinMs?: number }): Promise<Launched> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(options.port), BULKHEAD_LOG_LEVEL: "info", DATABASE_URL: undefined, BULKHEAD_APP_DATABASE_URL: undefined };
  for (const [name, value] of Object.entries(options.env)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const lines = () =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return {};
        }
      });
  const launched: Launched = {
    url: `http://127.0.0.1:${options.port}`,
    child,
    output: () => output,
    lines,
    loggedAt: (message) => {
      const line = lines().find((entry) => typeof entry.msg === "string" && entry.msg.includes(message));
      return line ? Date.parse(String(line.time)) : undefined;
    },
    exited,
    signal: (signal) => child.kill(signal),
  };
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(
    `the launcher on port ${options.port} to be ready`,
    async () => {
      if (gone) throw new Error(`the launcher exited before it was ready:\n${output.slice(-4000)}`);
      return output.includes("ready on http");
    },
    options.readyWithinMs ?? 240_000,
    250,
  );
  return launched;
}
