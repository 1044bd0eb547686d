// The registry client's cases, run unchanged against each registry (the emulator, with token and with basic auth,
// and Debian's docker-registry): a registry here is only a host, credentials and the demo images put into it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoImages } from "@/oci/build/demo-images";
import { cosignTagSignature } from "@/oci/build/signature";
import { labelledSigningKey, SANDBOX_SIGNING_KEY_LABEL } from "@/oci/build/signing-key";
import { SIGSTORE_BUNDLE } from "@/oci/signatures/formats";
import { verifySignatures } from "@/oci/signatures/verify";
import { type BuiltManifest, jsonBlob } from "@/oci/build/blob";
import type { BuiltImage } from "@/oci/build/image";
import { pushManifest } from "@/oci/build/push";
import { type Credentials, RegistryClient, RegistryError } from "@/oci/client/client";

export interface RegistryUnderTest {
  host: string;
  credentials: Credentials;
  demo: DemoImages;
  /** How the client finds referrers there: the referrers API, or the tag schema where the registry has none. */
  referrersVia: "referrers-api" | "tag-schema";
  /** A manifest asked of a repository that does not exist: NAME_UNKNOWN per the spec, MANIFEST_UNKNOWN from distribution 2.8. */
  unknownRepositoryCode: "NAME_UNKNOWN" | "MANIFEST_UNKNOWN";
  stop(): Promise<void>;
}

/** The refusal `promise` ends in (failing the test if it resolves, or throws something else). */
export async function refusal(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

/** The same image as a Docker image manifest v2 schema 2 in a Docker manifest list (its layers and config unchanged). */
function asDockerList(image: BuiltImage): BuiltManifest {
  const [config, ...layers] = image.blobs;
  const manifest = jsonBlob(DOCKER_MANIFEST, {
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: { mediaType: "application/vnd.docker.container.image.v1+json", size: config.size, digest: config.digest },
    layers: layers.map((layer) => ({ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: layer.size, digest: layer.digest })),
  });
  const list = jsonBlob(DOCKER_LIST, { schemaVersion: 2, mediaType: DOCKER_LIST, manifests: [{ mediaType: DOCKER_MANIFEST, size: manifest.size, digest: manifest.digest, platform: image.platform }] });
  return { ...list, blobs: [], children: [{ ...manifest, blobs: image.blobs, children: [] }] };
}

export function describeRegistryCases(label: string, start: () => Promise<RegistryUnderTest>): void {
  describe(`the registry client against ${label}`, () => {
    let registry: RegistryUnderTest;
    let client: RegistryClient;
    let demo: DemoImages;
    const ref = (repository: string, tagOrDigest: string) => `${registry.host}/${repository}${tagOrDigest.includes(":") ? "@" : ":"}${tagOrDigest}`;

    beforeAll(async () => {
      registry = await start();
      demo = registry.demo;
      client = new RegistryClient({ scheme: "http", timeoutMs: 5_000, credentials: { [registry.host]: registry.credentials } });
    });
    afterAll(() => registry?.stop());

    it("pings with the credentials", async () => {
      await expect(client.ping(registry.host)).resolves.toBeUndefined();
    });

    it("resolves a multi-platform tag to the linux/amd64 image, its config and its layers, as built", async () => {
      const amd64 = demo.app.images["linux/amd64"];
      const resolved = await client.resolve(ref(demo.app.repository, demo.app.tag));
      expect(resolved.digest).toBe(demo.app.root.digest);
      expect(resolved.index?.platforms.map((platform) => `${platform.os}/${platform.architecture}`)).toEqual(["linux/amd64", "linux/arm64"]);
      expect(resolved.manifest.digest).toBe(amd64.digest);
      expect(resolved.platform).toEqual({ os: "linux", architecture: "amd64" });
      expect(resolved.layers).toEqual(amd64.layers.map((layer) => layer.blob.digest));
      expect(resolved.config.rootfs.diff_ids).toEqual(amd64.layers.map((layer) => layer.diffId));
    });

    it("reads the base from the layers (a prefix) and from the annotations", async () => {
      const base = await client.resolve(ref(demo.ubi.repository, demo.ubi.tag), { os: "linux", architecture: "arm64" });
      const app = await client.resolve(ref(demo.app.repository, demo.app.tag), { os: "linux", architecture: "arm64" });
      expect(base.layers.length).toBeGreaterThan(0);
      expect(app.layers.length).toBeGreaterThan(base.layers.length);
      expect(app.layers.slice(0, base.layers.length)).toEqual(base.layers);
      expect(app.annotations["org.opencontainers.image.base.digest"]).toBe(base.manifest.digest);
      expect(app.annotations["org.opencontainers.image.base.name"]).toMatch(/\/ubi9\/ubi:9\.6$/);
    });

    it("resolves by digest: the index for a platform, and one platform's manifest directly", async () => {
      const arm64 = demo.app.images["linux/arm64"];
      const viaIndex = await client.resolve(ref(demo.app.repository, demo.app.root.digest), { os: "linux", architecture: "arm64" });
      expect(viaIndex.manifest.digest).toBe(arm64.digest);
      const direct = await client.resolve(ref(demo.app.repository, arm64.digest), { os: "linux", architecture: "arm64" });
      expect(direct.index).toBeUndefined();
      expect(direct.digest).toBe(arm64.digest);
      expect(direct.platform).toEqual({ os: "linux", architecture: "arm64" });
    });

    it("reads a Docker schema 2 manifest list and manifest", async () => {
      const image = demo.ubi.images["linux/amd64"];
      const list = asDockerList(image);
      await pushManifest(client.session(registry.host), "team-a/docker-typed", list, "1.0");
      const resolved = await client.resolve(ref("team-a/docker-typed", "1.0"));
      expect(resolved.digest).toBe(list.digest);
      expect(resolved.manifest.mediaType).toBe(DOCKER_MANIFEST);
      expect(resolved.manifest.digest).toBe(list.children[0].digest);
      expect(resolved.layers).toEqual(image.layers.map((layer) => layer.blob.digest));
    });

    it("resolves the Windows Server base for windows/amd64, and names its platforms when asked for linux/amd64", async () => {
      const windows = await client.resolve(ref(demo.windows.repository, demo.windows.tag), { os: "windows", architecture: "amd64" });
      expect(windows.manifest.digest).toBe(demo.windows.images["windows/amd64"].digest);
      const error = await refusal(client.resolve(ref(demo.windows.repository, demo.windows.tag)));
      expect(error.kind).toBe("no-platform");
      expect(error.message).toContain("has no image for linux/amd64; it has windows/amd64");
    });

    it("refuses an app for a platform it lacks, naming the platforms it has", async () => {
      const error = await refusal(client.resolve(ref(demo.app.repository, demo.app.tag), { os: "windows", architecture: "amd64" }));
      expect(error.kind).toBe("no-platform");
      expect(error.message).toContain("it has linux/amd64, linux/arm64/v8");
    });

    it("refuses a digest that does not exist with the registry's own words", async () => {
      const missing = `sha256:${"0".repeat(64)}`;
      const error = await refusal(client.resolve(ref(demo.app.repository, missing)));
      expect(error.kind).toBe("not-found");
      expect(error.code).toBe("MANIFEST_UNKNOWN");
      expect(error.message).toMatch(/answered 404 \(MANIFEST_UNKNOWN: manifest unknown/);
      expect(error.message).toContain(missing);
    });

    it("refuses a tag that does not exist, and a repository that does not exist", async () => {
      expect((await refusal(client.resolve(ref(demo.app.repository, "no-such-tag")))).code).toBe("MANIFEST_UNKNOWN");
      const error = await refusal(client.resolve(ref("team-a/no-such-app", "1.0")));
      expect(error.kind).toBe("not-found");
      expect(error.code).toBe(registry.unknownRepositoryCode);
      expect(error.message).toContain(`(${registry.unknownRepositoryCode}: `);
    });

    it("refuses a wrong password", async () => {
      const intruder = new RegistryClient({ scheme: "http", timeoutMs: 5_000, credentials: { [registry.host]: { username: registry.credentials.username, password: "wrong" } } });
      const error = await refusal(intruder.resolve(ref(demo.app.repository, demo.app.tag)));
      expect(error.kind).toBe("unauthorized");
      expect(error.message).toContain(`user "${registry.credentials.username}"`);
    });

    it(`lists the app's signature among its referrers (through the ${label.includes("docker-registry") ? "tag schema" : "referrers API"}), and none of another type`, async () => {
      const pinned = ref(demo.app.repository, demo.app.root.digest);
      const found = await client.referrers(pinned);
      expect(found.via).toBe(registry.referrersVia);
      expect(found.referrers.map((entry) => [entry.digest, entry.artifactType])).toEqual([[demo.signature.digest, SIGSTORE_BUNDLE]]);
      const filtered = await client.referrers(pinned, "application/vnd.example.other");
      expect(filtered.referrers).toEqual([]);
      expect((await client.referrers(ref(demo.ubi.repository, demo.ubi.root.digest))).referrers).toEqual([]);
    });

    it("finds an image's signatures in both of cosign's layouts, and only the trusted key's signature of that digest verifies", async () => {
      const sandbox = labelledSigningKey(SANDBOX_SIGNING_KEY_LABEL);
      const stranger = labelledSigningKey("a key nobody trusts");
      const keys = [{ id: "sandbox", publicKey: sandbox.publicKey }];
      const app = ref(demo.app.repository, demo.app.tag);
      const bundled = await client.signatures(ref(demo.app.repository, demo.app.root.digest));
      expect(bundled.found.map((found) => [found.layout, found.names])).toEqual([["sigstore-bundle", [demo.app.root.digest]]]);
      expect(verifySignatures(bundled.found, demo.app.root.digest, keys)).toMatchObject({ keyId: "sandbox", layout: "sigstore-bundle" });
      expect(verifySignatures(bundled.found, demo.app.root.digest, [{ id: "stranger", publicKey: stranger.publicKey }])).toBeNull();

      // The tag layout, by another key; and a valid signature of the app put under the UBI's tag names the app, not the UBI.
      const session = client.session(registry.host);
      const byStranger = cosignTagSignature(demo.app.root, app, { privateKey: stranger.privateKey });
      await pushManifest(session, demo.app.repository, byStranger.manifest, byStranger.tag);
      const both = await client.signatures(ref(demo.app.repository, demo.app.root.digest));
      expect(both.found.map((found) => found.layout)).toEqual(["sigstore-bundle", "cosign-tag"]);
      expect(verifySignatures(both.found, demo.app.root.digest, [{ id: "stranger", publicKey: stranger.publicKey }])).toMatchObject({ keyId: "stranger", layout: "cosign-tag" });
      const misplaced = cosignTagSignature(demo.app.root, app, { privateKey: sandbox.privateKey });
      await pushManifest(session, demo.ubi.repository, misplaced.manifest, byStranger.tag.replace(demo.app.root.digest.slice(7), demo.ubi.root.digest.slice(7)));
      const onUbi = await client.signatures(ref(demo.ubi.repository, demo.ubi.root.digest));
      expect(onUbi.found).toHaveLength(1);
      expect(verifySignatures(onUbi.found, demo.ubi.root.digest, keys)).toBeNull();
    });
  });
}
