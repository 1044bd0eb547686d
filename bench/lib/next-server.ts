import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sharedKeys } from "@/testing/launcher";
import { startScript } from "./script-process";

// The real product for benchmarks: `npm start`'s own launcher (production build, same server wiring) in
// a child process, on a database the benchmark prepared, so its CPU is not shared with the benchmark's
// event loop.

export interface ProductServer {
  url: string;
  /** The product's process, to read its CPU time (./process-cpu.ts). */
  pid: number;
  /** Signs in through better-auth's HTTP endpoint and returns the Cookie header value. */
  signIn(email: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the product exited (${child.exitCode}) before it was ready:\n${output()}`);
    const answered = await fetch(`${url}/sign-in`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await sleep(250);
  }
  throw new Error(`the product did not answer on ${url} within 5 minutes:\n${output()}`);
}

/** Starts scripts/start.ts on `port` against `databaseUrl` (migrated already), as a web replica unless `env` says otherwise. */
export async function startProduct(options: { databaseUrl: string; port: number; env?: Record<string, string> }): Promise<ProductServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "bulkhead-bench-"));
  const url = `http://localhost:${options.port}`;
  const product = startScript("scripts/start.ts", options.databaseUrl, {
    PORT: String(options.port),
    HOST: "127.0.0.1",
    BULKHEAD_DATA_DIR: dataDir,
    BULKHEAD_SANDBOX: "0",
    // Outside the sandbox the launcher takes the shared keys from the environment only; throwaway ones per run.
    ...sharedKeys(),
    BULKHEAD_WORKERS: "0",
    BULKHEAD_SIGNIN_LIMIT_PER_MINUTE: "1000",
    ...options.env,
  });
  const stop = async () => {
    await product.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, product.child, product.output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: product.child.pid!,
    stop,
    async signIn(email, password) {
      const response = await fetch(`${url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: url },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
      const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
      if (!cookies.length) throw new Error(`sign-in as ${email} set no cookie`);
      return cookies.join("; ");
    },
  };
}
