// Runs the repository's `bulkhead` (bin/bulkhead.mjs) as a process of its own, as a CI job would: in a folder of the
// caller's choosing, with only the environment given (PATH to this Node, HOME in that folder, and `env`).
import { spawn } from "node:child_process";
import path from "node:path";

export const CLI_ENTRY = path.resolve(import.meta.dirname, "../../bin/bulkhead.mjs");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string; entry?: string; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: options.cwd, ...options.env };
    const child = spawn(process.execPath, [options.entry ?? CLI_ENTRY, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** What a failed expectation prints: everything the process said. */
export const described = (run: CliRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
