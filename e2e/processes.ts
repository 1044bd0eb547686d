import { spawn, type ChildProcess } from "node:child_process";

// Processes a journey starts for itself (a product outside the sandbox, clouds started on their own): each in a
// process group of its own, so stopping it stops everything it started.

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `node --import tsx <script> ...args` and resolves once a line of its output matches `ready`. */
export function startNodeScript(script: string, args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 240_000): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not get ready within ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, stop });
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
}
