// skopeo, a registry client Bulkhead did not write, drives the registry emulator: it copies a multi-platform image
// in from an OCI layout (following the emulator's Bearer challenge with --dest-creds) and reads each manifest back
// out byte for byte with `inspect --raw`; with a wrong password it is refused.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoImages, type DemoImages } from "@/oci/build/demo-images";
import { writeLayout } from "@/oci/build/layout";
import { INSECURE_ACCEPT_ANYTHING, skopeo } from "@/oci/testing/tools";
import { type RunningRegistry, startRegistryEmulator } from "./emulator/emulator";

describe("skopeo drives the registry emulator", () => {
  let registry: RunningRegistry;
  let directory: string;
  let policy: string;
  let demo: DemoImages;

  beforeAll(async () => {
    registry = await startRegistryEmulator({ users: { alice: "alice-password" } });
    directory = await mkdtemp(path.join(tmpdir(), "bulkhead-skopeo-"));
    policy = path.join(directory, "policy.json");
    await writeFile(policy, INSECURE_ACCEPT_ANYTHING);
    demo = await buildDemoImages(registry.host);
    await writeLayout(path.join(directory, "layout"), { app: demo.app.root });
  });
  afterAll(async () => {
    await registry.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("copies a multi-platform image in with credentials and reads every manifest back unchanged", async () => {
    const destination = `docker://${registry.host}/${demo.app.repository}:${demo.app.tag}`;
    await skopeo(["copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", "alice:alice-password", `oci:${path.join(directory, "layout")}:app`, destination], policy);
    const read = (reference: string) => skopeo(["inspect", "--raw", "--tls-verify=false", "--creds", "alice:alice-password", reference], policy);
    expect(await read(destination)).toBe(demo.app.root.bytes.toString("utf8"));
    const arm64 = demo.app.images["linux/arm64"];
    expect(await read(`docker://${registry.host}/${demo.app.repository}@${arm64.digest}`)).toBe(arm64.bytes.toString("utf8"));
    const config = JSON.parse(await skopeo(["inspect", "--config", "--raw", "--tls-verify=false", "--creds", "alice:alice-password", destination], policy)) as { rootfs: { diff_ids: string[] } };
    expect(config.rootfs.diff_ids).toEqual(demo.app.images["linux/amd64"].layers.map((layer) => layer.diffId));
  });

  it("is refused with a wrong password", async () => {
    const failed = await skopeo(["inspect", "--raw", "--tls-verify=false", "--creds", "alice:wrong", `docker://${registry.host}/${demo.app.repository}:${demo.app.tag}`], policy).then(
      () => "",
      (error: Error & { stderr?: string }) => error.stderr ?? error.message,
    );
    expect(failed).toMatch(/unauthorized|authentication required/i);
  });
});
