// A process holds a cloud's SDK only once it calls that cloud (./lazy-adapter.ts), and the lazy adapter
// behaves as the one it loads: one load for concurrent calls, a failed load tried again, a closed log stream closed.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { awsEcsDescription } from "./aws-ecs/adapter-description";
import { lazyAdapter } from "./lazy-adapter";
import type { LogLine, ProviderAdapter, ResourceRef, TargetConnection } from "./types";

const root = path.resolve(__dirname, "..");
const CLOUD_SDK = /^(@aws-sdk\/client-|@azure\/(arm-|identity)|@google-cloud\/|@kubernetes\/|google-gax$|@grpc\/)/;

describe("the registry's adapters", () => {
  it("load no cloud's SDK when the registry is imported, and only that cloud's on its first call", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "providers/testing/loaded-packages.ts"], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    const { atImport, afterAwsCall, refusal } = JSON.parse(output.trim().split("\n").at(-1)!) as { atImport: string[]; afterAwsCall: string[]; refusal: string };
    expect(atImport.filter((name) => CLOUD_SDK.test(name))).toEqual([]);
    expect(afterAwsCall).toEqual(expect.arrayContaining(["@aws-sdk/client-ecs", "@aws-sdk/client-cloudwatch-logs"]));
    expect(afterAwsCall.filter((name) => CLOUD_SDK.test(name) && !name.startsWith("@aws-sdk/"))).toEqual([]);
    expect(refusal).toContain("An AWS ECS adapter cannot use a kubernetes target");
  });
});

const ref: ResourceRef = { kind: "aws-ecs", id: "service", name: "service" };
const connection = {} as TargetConnection;

/** An adapter with the AWS description whose cloud calls answer from memory, and whose log stream says when it ends. */
function loadedAdapter(ended: () => void): ProviderAdapter {
  return {
    ...awsEcsDescription,
    apply: async () => ref,
    status: async () => ({ phase: "running", message: "running" }),
    observe: async () => ({ missing: false, drift: [] }),
    async *logs(): AsyncGenerator<LogLine> {
      try {
        for (let n = 0; ; n++) yield { time: new Date(n).toISOString(), message: `line ${n}` };
      } finally {
        ended();
      }
    },
    events: async () => [],
    destroy: async () => undefined,
    testConnection: async () => "answered",
  };
}

describe("lazyAdapter", () => {
  it("describes the provider without loading, and loads once for concurrent calls", async () => {
    const load = vi.fn(async () => loadedAdapter(() => {}));
    const adapter = lazyAdapter(awsEcsDescription, load);
    expect(adapter.kind).toBe("aws-ecs");
    expect(adapter.capabilities.maxCpu).toBe(16);
    expect(adapter.validate).toBe(awsEcsDescription.validate);
    expect(load).not.toHaveBeenCalled();
    const answers = await Promise.all([adapter.status(ref, connection), adapter.testConnection(connection), adapter.events(ref, connection)]);
    expect(answers).toEqual([{ phase: "running", message: "running" }, "answered", []]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("tries a failed load again on the next call, and the failed call gets the load's error", async () => {
    const load = vi.fn<() => Promise<ProviderAdapter>>().mockRejectedValueOnce(new Error("Cannot find module './adapter'")).mockResolvedValue(loadedAdapter(() => {}));
    const adapter = lazyAdapter(awsEcsDescription, load);
    await expect(adapter.testConnection(connection)).rejects.toThrow("Cannot find module './adapter'");
    await expect(adapter.testConnection(connection)).resolves.toBe("answered");
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("ends the loaded adapter's log stream when its reader stops early", async () => {
    const ended = vi.fn();
    const adapter = lazyAdapter(awsEcsDescription, async () => loadedAdapter(ended));
    const read: string[] = [];
    for await (const line of adapter.logs(ref, connection, { follow: true, signal: new AbortController().signal })) {
      read.push(line.message);
      if (read.length === 3) break;
    }
    expect(read).toEqual(["line 0", "line 1", "line 2"]);
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
