// The image builder: the same input gives the same bytes; an app's layers start with its base's and its manifest
// names the base; an index has one image per platform; a layout is what the OCI image layout spec describes; a layer
// is a gzip'd tar holding exactly the files given.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sha256 } from "./blob";
import { buildDemoImages } from "./demo-images";
import { buildImage } from "./image";
import { buildIndex } from "./image-index";
import { buildLayer } from "./layer";
import { writeLayout } from "./layout";

describe("the image builder", () => {
  it("builds the same demo images, byte for byte, every time", async () => {
    const [first, second] = await Promise.all([buildDemoImages("registry.test"), buildDemoImages("registry.test")]);
    for (const name of ["ubi", "windows", "app"] as const) expect(first[name].root.bytes.equals(second[name].root.bytes), name).toBe(true);
    // The signature is ECDSA (a fresh nonce each time): it differs, but refers to the same index.
    const subjectOf = (manifest: { bytes: Buffer }) => (JSON.parse(manifest.bytes.toString("utf8")) as { subject: { digest: string } }).subject.digest;
    expect(subjectOf(first.signature)).toBe(subjectOf(second.signature));
    expect(subjectOf(first.signature)).toBe(first.app.root.digest);
    expect(first.app.images["linux/amd64"].layers[0].blob.bytes.equals(second.app.images["linux/amd64"].layers[0].blob.bytes)).toBe(true);
  });

  it("puts an app on its base: the base's layer digests first, and base.name / base.digest annotations", async () => {
    const { ubi, app } = await buildDemoImages("registry.test");
    for (const platform of ["linux/amd64", "linux/arm64"]) {
      const base = ubi.images[platform];
      const image = app.images[platform];
      expect(image.layers.slice(0, base.layers.length).map((layer) => layer.blob.digest)).toEqual(base.layers.map((layer) => layer.blob.digest));
      expect(image.layers.length).toBe(base.layers.length + 2);
      const manifest = JSON.parse(image.bytes.toString("utf8")) as { annotations: Record<string, string> };
      expect(manifest.annotations).toEqual({ "org.opencontainers.image.base.name": "registry.test/ubi9/ubi:9.6", "org.opencontainers.image.base.digest": base.digest });
    }
    expect(ubi.images["linux/amd64"].layers[0].blob.digest).not.toBe(ubi.images["linux/arm64"].layers[0].blob.digest);
  });

  it("refuses a base of another platform, and an index with a platform twice", async () => {
    const { ubi, windows } = await buildDemoImages("registry.test");
    await expect(buildImage({ platform: { os: "linux", architecture: "amd64" }, layers: [], base: { name: "win", image: windows.images["windows/amd64"] } })).rejects.toThrow(
      "Base image win is for windows/amd64, not linux/amd64",
    );
    expect(() => buildIndex([ubi.images["linux/amd64"], ubi.images["linux/amd64"]])).toThrow("linux/amd64 is given twice");
  });

  it("writes a layer as a gzip'd tar of the files in path order, its diff ID the tar's digest", async () => {
    const layer = await buildLayer([
      { path: "b.txt", content: "b" },
      { path: "a/x.sh", content: "x", mode: 0o755 },
    ]);
    const tar = gunzipSync(layer.blob.bytes);
    expect(layer.diffId).toBe(sha256(tar));
    expect(layer.blob.digest).toBe(sha256(layer.blob.bytes));
    // ustar: the name at offset 0, the mode at 100; the second header follows the first 512-byte data block.
    expect(tar.subarray(0, 6).toString()).toBe("a/x.sh");
    expect(Number.parseInt(tar.subarray(100, 107).toString().trim(), 8)).toBe(0o755);
    expect(tar.subarray(1024, 1029).toString()).toBe("b.txt");
    await expect(buildLayer([{ path: "../etc/passwd", content: "" }])).rejects.toThrow('"../etc/passwd" must be relative');
  });

  it("writes an OCI image layout: oci-layout, index.json with ref names, every blob under its digest", async () => {
    const { windows } = await buildDemoImages("registry.test");
    const directory = await mkdtemp(path.join(tmpdir(), "bulkhead-layout-test-"));
    try {
      await writeLayout(directory, { ltsc2022: windows.root });
      expect(JSON.parse(await readFile(path.join(directory, "oci-layout"), "utf8"))).toEqual({ imageLayoutVersion: "1.0.0" });
      const index = JSON.parse(await readFile(path.join(directory, "index.json"), "utf8")) as { manifests: { digest: string; annotations: Record<string, string> }[] };
      expect(index.manifests.map((entry) => [entry.digest, entry.annotations["org.opencontainers.image.ref.name"]])).toEqual([[windows.root.digest, "ltsc2022"]]);
      const image = windows.images["windows/amd64"];
      for (const piece of [windows.root, image, ...image.blobs]) {
        expect(sha256(await readFile(path.join(directory, "blobs", "sha256", piece.digest.slice(7))))).toBe(piece.digest);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
