// What the client refuses, clearly and never by crashing, when a registry misbehaves: the registry emulator serves
// planted answers (a manifest over 4 MiB, malformed JSON, the wrong shape, an unknown media type, bytes that do not
// hash to their digest), and a socket that never answers stands in for a registry that hangs.
import { createServer, type Server, type Socket } from "node:net";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient, RegistryError } from "@/oci/client/client";
import { startRegistryEmulator, type RunningRegistry } from "@/oci/emulator/emulator";
import { refusal } from "@/oci/testing/registry-cases";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const credentials = { username: "alice", password: "alice-password" };
const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

describe("the registry client refuses what a misbehaving registry sends", () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  const at = (reference: string) => `${registry.host}/team-a/bad${reference.includes(":") ? "@" : ":"}${reference}`;

  beforeAll(async () => {
    registry = await startRegistryEmulator({ users: { [credentials.username]: credentials.password } });
    client = new RegistryClient({ scheme: "http", timeoutMs: 5_000, credentials: { [registry.host]: credentials } });
  });
  afterAll(() => registry.stop());

  it("a manifest over 4 MiB, unread", async () => {
    registry.plant("team-a/bad", "huge", { contentType: OCI_MANIFEST, body: Buffer.alloc(4 * 1024 * 1024 + 1, 0x20) });
    const error = await refusal(client.resolve(at("huge")));
    expect(error.kind).toBe("too-large");
    expect(error.message).toContain("is over 4194304 bytes");
  });

  it("a manifest that is not JSON", async () => {
    registry.plant("team-a/bad", "garbled", { contentType: OCI_MANIFEST, body: Buffer.from('{"schemaVersion": 2, "config": ') });
    const error = await refusal(client.resolve(at("garbled")));
    expect(error.kind).toBe("malformed");
    expect(error.message).toMatch(/is not valid JSON/);
  });

  it("a manifest whose JSON is not the shape its media type promises, naming the field", async () => {
    registry.plant("team-a/bad", "shapeless", { contentType: OCI_MANIFEST, body: Buffer.from(JSON.stringify({ schemaVersion: 2, config: { mediaType: "x", digest: "sha256:abc", size: 2 }, layers: [] })) });
    const error = await refusal(client.resolve(at("shapeless")));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("config.digest is not a sha256 or sha512 digest");
  });

  it("an unknown media type, naming it", async () => {
    registry.plant("team-a/bad", "strange", { contentType: "application/vnd.example.unknown+json", body: Buffer.from("{}") });
    const error = await refusal(client.resolve(at("strange")));
    expect(error.kind).toBe("media-type");
    expect(error.message).toContain('"application/vnd.example.unknown+json"');
  });

  it("bytes that do not hash to the digest asked for, or to the digest the registry announced for a tag", async () => {
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: "x", digest: `sha256:${"1".repeat(64)}`, size: 2 }, layers: [] }));
    const claimed = `sha256:${"2".repeat(64)}`;
    registry.plant("team-a/bad", claimed, { contentType: OCI_MANIFEST, body });
    const byDigest = await refusal(client.resolve(at(claimed)));
    expect(byDigest.kind).toBe("digest-mismatch");
    expect(byDigest.message).toContain(`with digest ${sha256(body)}, not ${claimed}`);
    registry.plant("team-a/bad", "lying", { contentType: OCI_MANIFEST, body, digest: claimed });
    expect((await refusal(client.resolve(at("lying")))).kind).toBe("digest-mismatch");
  });

  it("a malformed reference, saying what is wrong with it", async () => {
    const cases: [string, string][] = [
      ["team-a/app:1.0", "names no registry host"],
      [`${registry.host}/Team-A/app:1.0`, 'component "Team-A" is not valid'],
      [`${registry.host}/team-a/app:.hidden`, 'the tag ".hidden" is not valid'],
      [`${registry.host}/team-a/app@sha256:123`, '"sha256:123" is not a digest'],
      [`${registry.host}/team-a/app`, "names neither a tag nor a digest"],
    ];
    for (const [reference, words] of cases) {
      const error = await refusal(client.resolve(reference));
      expect(error.kind, reference).toBe("reference");
      expect(error.message, reference).toContain(words);
    }
  });
});

describe("every request has a timeout", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let port = 0;
  beforeAll(async () => {
    // Accepts connections and never answers (and lets them go when the test ends).
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("a registry that never answers is refused after the timeout", async () => {
    const client = new RegistryClient({ scheme: "http", timeoutMs: 300 });
    const started = Date.now();
    const error = await refusal(client.resolve(`127.0.0.1:${port}/team-a/app:1.0`));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("had no answer within 300 ms");
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
