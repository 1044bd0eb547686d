import { fileURLToPath } from "node:url";
import type { Caller } from "@/server/identity/actor";
import { startScript } from "./script-process";

export const LISTENING_MARK = "bare-list-server listening on ";
const server = fileURLToPath(new URL("./bare-list-server.ts", import.meta.url));

/** Starts P4's yardstick (./bare-list-server.ts) in a process of its own, run as the product is. */
export function startBareList(options: { databaseUrl: string; port: number; caller: Caller; page: number; env?: Record<string, string> }): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const bare = startScript(server, options.databaseUrl, {
    BENCH_BARE_PORT: String(options.port),
    BENCH_BARE_CALLER: JSON.stringify(options.caller),
    BENCH_BARE_PAGE: String(options.page),
    ...options.env,
  });
  return new Promise((resolve, reject) => {
    const listening = () => {
      const line = bare.output().split("\n").find((text) => text.startsWith(LISTENING_MARK));
      if (!line) return;
      bare.child.stdout!.off("data", listening);
      resolve({ url: line.slice(LISTENING_MARK.length).trim(), pid: bare.child.pid!, stop: bare.stop });
    };
    bare.child.stdout!.on("data", listening);
    bare.child.once("exit", (code) => reject(new Error(`the bare handler exited (${code}) before it listened:\n${bare.output()}`)));
  });
}
