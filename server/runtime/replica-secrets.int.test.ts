import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { root } from "@/scripts/lib/prepare";

// The launcher itself, outside the sandbox without the shared keys: it refuses to start, in one line saying which
// keys and how to make them, before it builds or starts anything.

it("refuses to start outside the sandbox without the shared keys, naming them", { timeout: 60_000 }, async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, BULKHEAD_SANDBOX: "0", BULKHEAD_DATA_DIR: await mkdtemp(path.join(tmpdir(), "bulkhead-refused-")), BULKHEAD_LOG_LEVEL: "info" };
  for (const name of ["DATABASE_URL", "BULKHEAD_AUTH_SECRET", "BULKHEAD_CREDENTIALS_KEY", "BULKHEAD_SECRETS_KEY", "BULKHEAD_AUDIT_SIGNING_KEY"]) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += String(chunk)));
  child.stderr.on("data", (chunk) => (output += String(chunk)));
  const code = await new Promise((resolve) => child.once("exit", resolve));
  expect(code).toBe(1);
  const fatal = output.split("\n").find((line) => line.includes('"level":"fatal"'));
  expect(JSON.parse(fatal!).msg).toMatch(/^could not start: BULKHEAD_SANDBOX=0: BULKHEAD_AUTH_SECRET, BULKHEAD_CREDENTIALS_KEY, BULKHEAD_SECRETS_KEY, BULKHEAD_AUDIT_SIGNING_KEY are not set/);
  expect(output).not.toMatch(/Creating an optimized production build|embedded Postgres running/);
});
