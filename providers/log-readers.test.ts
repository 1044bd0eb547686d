import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDER_KINDS } from "./registry";

// What loading the log readers brings into a process (as the log thread loads them: server/runtime/log-thread):
// every package a module resolved to, recorded by a resolve hook, in a Node process of its own with tsx.
const root = path.resolve(import.meta.dirname, "..");

function packagesLoadedBy(kinds: readonly string[]): string[] {
  const output = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `const { registerHooks } = await import("node:module");
      const loaded = new Set();
      registerHooks({ resolve(specifier, context, next) {
        const resolved = next(specifier, context);
        const inPackage = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(resolved.url);
        if (inPackage) loaded.add(inPackage[1]);
        return resolved;
      } });
      const { logReaderFor } = await import(${JSON.stringify(path.join(root, "providers/log-readers.ts"))});
      for (const kind of ${JSON.stringify(kinds)}) await logReaderFor(kind);
      console.log(JSON.stringify([...loaded]));`,
    ],
    { cwd: root, encoding: "utf8" },
  );
  return JSON.parse(output) as string[];
}

describe("the providers' log readers", () => {
  it("load each cloud's log client and none of the adapters' other SDKs", () => {
    const loaded = packagesLoadedBy(PROVIDER_KINDS);
    expect(loaded).toEqual(expect.arrayContaining(["@aws-sdk/client-cloudwatch-logs", "@azure/arm-containerinstance", "@google-cloud/logging", "@kubernetes/client-node"]));
    for (const other of ["@aws-sdk/client-ecs", "@aws-sdk/client-ec2", "@aws-sdk/client-elastic-load-balancing-v2", "@aws-sdk/client-secrets-manager", "@azure/arm-network", "@google-cloud/run", "@google-cloud/secret-manager"]) {
      expect(loaded, other).not.toContain(other);
    }
  });

  it("load only the cloud asked for", () => {
    const loaded = packagesLoadedBy(["aws-ecs"]);
    expect(loaded).toContain("@aws-sdk/client-cloudwatch-logs");
    expect(loaded).not.toContain("@google-cloud/logging");
    expect(loaded).not.toContain("@kubernetes/client-node");
  });

  it("refuse a kind no provider has", async () => {
    const { logReaderFor } = await import("./log-readers");
    await expect(logReaderFor("nowhere")).rejects.toThrow('No provider of kind "nowhere" reads logs');
  });
});
