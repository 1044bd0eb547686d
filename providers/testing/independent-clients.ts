// For conformance tests: clients Bulkhead did not write (Debian's aws CLI, Debian's Python with gRPC), and the
// standalone emulator they talk to, started as `npm run emulator` starts it. CI installs the Debian packages
// (.ci/run), so a missing client fails the test with what to install instead of skipping it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The first of these executables that exists; Debian's own first, so a pyenv or pip shim on PATH is not used instead. */
function executable(candidates: string[], install: string): string {
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`None of ${candidates.join(", ")} exists: install it with \`sudo apt-get install -y ${install}\` (.ci/run does)`);
  return found;
}

/** Debian's AWS CLI v2 (package awscli). */
export const awsCli = () => executable(["/usr/bin/aws"], "awscli");

/** Debian's Python 3, which python3-grpcio and python3-protobuf install into. */
export const debianPython = () => executable(["/usr/bin/python3"], "python3-grpcio python3-protobuf");

/** Debian's protoc (package protobuf-compiler). */
export const protoc = () => executable(["/usr/bin/protoc"], "protobuf-compiler");

/** Environment for a client: loopback only, dummy AWS credentials, no config files, no proxies. */
export function isolatedEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "test",
    PATH: "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: "AKIATESTKEY000000000",
    AWS_SECRET_ACCESS_KEY: "test-secret",
    AWS_DEFAULT_REGION: "eu-west-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
    NO_PROXY: "127.0.0.1",
    ...extra,
  };
}

export interface StandaloneEmulator {
  url: string;
  stop(): Promise<void>;
}

/**
 * One emulator in its own process, as `npm run emulator -- <kind> --port 0` runs it (scripts/emulator.ts on the
 * Node that npm put on PATH, which runs this test too); resolves once it says where it listens.
 */
export async function startStandaloneEmulator(kind: string, args: string[] = []): Promise<StandaloneEmulator> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "emulator.ts"), kind, "--port", "0", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${kind} emulator did not start within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} emulator exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
