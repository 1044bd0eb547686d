// A real witness process (`npm run witness`) for integration tests: its own Node process, its own key and state
// folder, on a free port; trusts the log keys given. `stop` ends it; `restart` starts it again on the same
// state (what it has cosigned survives).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface WitnessProcess {
  url: string;
  /** Its verifier key (BULKHEAD_AUDIT_WITNESS_KEY). */
  vkey: string;
  stateDir: string;
  stop(): Promise<void>;
}

export async function startWitnessProcess(logKeys: string[], stateDir?: string): Promise<WitnessProcess> {
  const dir = stateDir ?? (await mkdtemp(path.join(tmpdir(), "bulkhead-witness-")));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/witness.ts", "--state-dir", dir, "--port", "0", ...logKeys.flatMap((key) => ["--log-key", key])], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const started = await new Promise<{ url: string; vkey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the witness did not start in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      const vkey = /witness key: (\S+)/.exec(output)?.[1];
      if (url && vkey) {
        clearTimeout(timer);
        resolve({ url, vkey });
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the witness exited (${code}):\n${output}`));
    });
  });
  return {
    ...started,
    stateDir: dir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
