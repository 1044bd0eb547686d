// The clients and servers Bulkhead did not write that its registry code is checked against: Debian's skopeo and
// docker-registry. CI installs both (.ci/run), so a missing one fails the test with what to install, never skips it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

function executable(file: string, pkg: string): string {
  if (!existsSync(file)) throw new Error(`${file} does not exist: install it with \`sudo apt-get install -y ${pkg}\` (.ci/run does)`);
  return file;
}

export const dockerRegistryBinary = () => executable("/usr/bin/docker-registry", "docker-registry");

/** Runs skopeo with no user configuration (policy: accept anything, as the tests copy only images they built). */
export async function skopeo(args: string[], policyFile: string): Promise<string> {
  const { stdout } = await promisify(execFile)(executable("/usr/bin/skopeo", "skopeo"), ["--policy", policyFile, ...args], {
    env: { NODE_ENV: "test", PATH: "/usr/bin:/bin", HOME: "/tmp", NO_PROXY: "127.0.0.1" },
    encoding: "utf8",
    timeout: 20_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** The policy.json skopeo needs (containers-policy.json(5)): accept any image. */
export const INSECURE_ACCEPT_ANYTHING = JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] });
