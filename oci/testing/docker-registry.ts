// Debian's docker-registry (CNCF distribution 2.8) on a free loopback port, filesystem storage in a temporary
// directory and htpasswd basic auth, for the registry client's conformance tests. Never the packaged service on
// port 5000: that one may or may not run, and its state is not the test's.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@/testing/free-port";
import { dockerRegistryBinary } from "./tools";

export const REGISTRY_USER = "conformance";
export const REGISTRY_PASSWORD = "registry-test-password";
/** bcrypt of REGISTRY_PASSWORD (distribution's htpasswd takes bcrypt only), made once with libxcrypt's crypt(3). */
const HTPASSWD_LINE = `${REGISTRY_USER}:$2b$05$abcdefghijklmnopqrstuudNXzMX.ckEqqJtXEWhsZxNCG/0RD6Bi`;

export interface RunningDockerRegistry {
  host: string;
  stop(): Promise<void>;
}

export async function startDockerRegistry(): Promise<RunningDockerRegistry> {
  const binary = dockerRegistryBinary();
  const directory = await mkdtemp(path.join(tmpdir(), "bulkhead-docker-registry-"));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  await writeFile(path.join(directory, "htpasswd"), `${HTPASSWD_LINE}\n`);
  await writeFile(
    path.join(directory, "config.yml"),
    [
      "version: 0.1",
      "log: { level: error, accesslog: { disabled: true } }",
      `storage: { filesystem: { rootdirectory: ${path.join(directory, "data")} }, delete: { enabled: true } }`,
      `http: { addr: "${host}", secret: conformance-test-secret }`,
      `auth: { htpasswd: { realm: bulkhead-conformance, path: ${path.join(directory, "htpasswd")} } }`,
    ].join("\n"),
  );
  const child: ChildProcess = spawn(binary, ["serve", path.join(directory, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  // Ready when /v2/ answers (401: it wants the credentials).
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    const status = await fetch(`http://${host}/v2/`).then((response) => response.status, () => 0);
    if (status === 401) return { host, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`docker-registry did not start on ${host}: ${stderr.slice(-2000)}`);
}
