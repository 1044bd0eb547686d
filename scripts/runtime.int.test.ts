// Every kind of process Bulkhead starts runs on the Node.js that `npm install` brought (package.json's engines),
// also when the shell that starts it finds another Node first: the launcher, a stand-alone emulator, a
// benchmark's child process and the test runner's own workers.
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inChild } from "@/bench/lib/child";
import { root } from "./lib/prepare";
import { SUPPORTED_NODE_MAJOR } from "./lib/supported-node";

const onSupportedNode = new RegExp(`Node\\.js v${SUPPORTED_NODE_MAJOR}\\.\\d+\\.\\d+`);

/** PATH as a shell outside npm has it: no node_modules/.bin, so `node` is whatever the machine has. */
const shellPath = process.env.PATH!.split(path.delimiter).filter((entry) => !entry.includes("node_modules")).join(path.delimiter);

/** Runs `npm …` in a process group of its own and resolves with its output up to the first line matching `until`. */
function npmUntil(args: string[], until: RegExp, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd: root, detached: true, env: { ...process.env, ...env, PATH: shellPath } });
    let output = "";
    const finish = (error?: Error) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      if (error) reject(error);
      else resolve(output);
    };
    const timer = setTimeout(() => finish(new Error(`no line matching ${until} within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) finish();
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => !until.test(output) && finish(new Error(`npm ${args.join(" ")} exited (${code}) first:\n${output}`)));
  });
}

describe("the Node.js every Bulkhead process runs on", () => {
  it("runs the tests on it", () => {
    expect(`Node.js ${process.version}`).toMatch(onSupportedNode);
  });

  it("starts the launcher on it, and its log says so", async () => {
    const output = await npmUntil(["start"], /starting on Node\.js \S+/, { PORT: "3297", BULKHEAD_DATA_DIR: path.join(tmpdir(), "bulkhead-runtime-test"), BULKHEAD_LOG_LEVEL: "info" });
    // The launcher logs JSON lines (server/observability/logger.ts).
    expect(output).toMatch(new RegExp(`"msg":"starting on ${onSupportedNode.source}"`));
  });

  it("starts a stand-alone emulator on it", async () => {
    const output = await npmUntil(["run", "emulator", "--", "aws-ecs", "--port", "0"], /emulator listening at .*\)/);
    expect(output).toMatch(new RegExp(`aws-ecs emulator listening at http://127\\.0\\.0\\.1:\\d+ \\(${onSupportedNode.source}\\)`));
  });

  it("runs a benchmark's child process on it", async () => {
    const { result } = await inChild<string>(new URL("./fixtures/node-version.ts", import.meta.url), "nodeVersion", []);
    expect(`Node.js ${result}`).toMatch(onSupportedNode);
  });
});
