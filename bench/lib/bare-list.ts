import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Caller } from "@/server/identity/actor";
import { root } from "@/scripts/lib/prepare";
import { stopChild } from "./next-server";

export const LISTENING_MARK = "bare-list-server listening on ";
const server = fileURLToPath(new URL("./bare-list-server.ts", import.meta.url));

/** Starts P4's yardstick (./bare-list-server.ts) in a process of its own, with NODE_ENV=production as the product's. */
export function startBareList(options: { databaseUrl: string; port: number; caller: Caller; page: number; env?: Record<string, string> }): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", server], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      BENCH_BARE_PORT: String(options.port),
      BENCH_BARE_CALLER: JSON.stringify(options.caller),
      BENCH_BARE_PAGE: String(options.page),
      ...options.env,
    },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
      const line = output.split("\n").find((text) => text.startsWith(LISTENING_MARK));
      if (line) {
        child.stdout!.off("data", keep);
        child.stdout!.resume();
        resolve({ url: line.slice(LISTENING_MARK.length).trim(), pid: child.pid!, stop: () => stopChild(child) });
      }
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000)));
    child.once("exit", (code) => reject(new Error(`the bare handler exited (${code}) before it listened:\n${output}`)));
  });
}
