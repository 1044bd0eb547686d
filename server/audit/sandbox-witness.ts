// For the sandbox only (`npm start` with BULKHEAD_SANDBOX=1 and no witness configured): a witness process and an
// append-only directory under the data folder, so the checkpoints are witnessed and proofs can be downloaded
// out of the box. A real installation runs `npm run witness` on a machine the database's superuser cannot reach
// and sets BULKHEAD_AUDIT_WITNESS_URL, _KEY and _DIR itself (README, "Audit trail").
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { vkey } from "@/tlog/note";
import { checkpointSigner } from "./log-keys";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Starts the witness as a child process and points this process's checkpointer at it; returns its stop. */
export async function startSandboxWitness(dataDir: string, log: (line: string) => void): Promise<() => Promise<void>> {
  process.env.BULKHEAD_AUDIT_WITNESS_DIR ??= path.join(dataDir, "audit-witness");
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/witness.ts", "--state-dir", path.join(dataDir, "witness"), "--port", "0", "--log-key", vkey(await checkpointSigner())], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const started = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      const key = /witness key: (\S+)/.exec(output)?.[1];
      if (url && key) resolve({ url, key });
    });
    child.once("exit", (code) => reject(new Error(`the sandbox witness exited (${code}): ${output}`)));
  });
  process.env.BULKHEAD_AUDIT_WITNESS_URL = started.url;
  process.env.BULKHEAD_AUDIT_WITNESS_KEY = started.key;
  log(`sandbox witness on ${started.url} and witness folder ${process.env.BULKHEAD_AUDIT_WITNESS_DIR} (a real installation keeps both off the database's machine)`);
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
}
