// The registry emulator answers as the distribution-spec v1.1 says, driven with plain fetch (no Bulkhead client, no
// builder): authentication, uploads monolithic and in chunks with their digests verified, manifests and their
// refusals, tags with pagination, referrers with the artifactType filter, and every refusal in the spec's error form.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningRegistry, startRegistryEmulator } from "./emulator";

const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

async function errorOf(response: Response): Promise<{ code: string; message: string; detail: unknown }> {
  const body = (await response.json()) as { errors: { code: string; message: string; detail: unknown }[] };
  expect(body.errors).toHaveLength(1);
  return body.errors[0];
}

describe("the registry emulator with token auth", () => {
  let registry: RunningRegistry;
  let headers: Record<string, string>;
  const config = Buffer.from("{}");
  const layer = Buffer.from("layer bytes, uploaded in two chunks");
  const manifestOf = (extra: object = {}) =>
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: "application/vnd.oci.empty.v1+json", digest: sha256(config), size: config.length }, layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: sha256(layer), size: layer.length }], ...extra }));
  const put = (name: string, reference: string, body: Buffer, contentType = OCI_MANIFEST) =>
    fetch(`${registry.url}/v2/${name}/manifests/${reference}`, { method: "PUT", headers: { ...headers, "Content-Type": contentType }, body: new Uint8Array(body) });

  beforeAll(async () => {
    registry = await startRegistryEmulator({ users: { alice: "alice-password", reader: "reader-password" }, pullOnly: ["reader"] });
    const token = await fetch(`${registry.url}/token?service=x&scope=repository:team-a/app:pull,push,delete`, { headers: { Authorization: basic("alice", "alice-password") } });
    headers = { Authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
  });
  afterAll(() => registry.stop());

  it("challenges an anonymous client with the Bearer realm, service and scope, and refuses wrong credentials at the token endpoint", async () => {
    const ping = await fetch(`${registry.url}/v2/`);
    expect(ping.status).toBe(401);
    expect(ping.headers.get("www-authenticate")).toBe(`Bearer realm="${registry.url}/token",service="bulkhead-registry-emulator"`);
    expect((await errorOf(ping)).code).toBe("UNAUTHORIZED");
    const pull = await fetch(`${registry.url}/v2/team-a/app/manifests/1.0`);
    expect(pull.headers.get("www-authenticate")).toContain(`scope="repository:team-a/app:pull"`);
    const wrong = await fetch(`${registry.url}/token?service=x&scope=repository:team-a/app:pull`, { headers: { Authorization: basic("alice", "nope") } });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${registry.url}/v2/`, { headers })).status).toBe(200);
  });

  it("asks again for a token of another repository's scope, and denies a pull-only user a push", async () => {
    const other = await fetch(`${registry.url}/v2/team-b/app/tags/list`, { headers });
    expect(other.status).toBe(401);
    expect(other.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    const reader = await fetch(`${registry.url}/token?scope=repository:team-a/app:pull,push`, { headers: { Authorization: basic("reader", "reader-password") } });
    const push = await fetch(`${registry.url}/v2/team-a/app/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${((await reader.json()) as { token: string }).token}` } });
    expect(push.status).toBe(403);
    expect((await errorOf(push)).code).toBe("DENIED");
  });

  it("takes a monolithic upload (POST ?digest=) and a chunked one (POST, PATCH in order, PUT ?digest=), verifying each digest", async () => {
    const mono = await fetch(`${registry.url}/v2/team-a/app/blobs/uploads/?digest=${sha256(config)}`, { method: "POST", headers, body: new Uint8Array(config) });
    expect(mono.status).toBe(201);
    expect(mono.headers.get("docker-content-digest")).toBe(sha256(config));

    const start = await fetch(`${registry.url}/v2/team-a/app/blobs/uploads/`, { method: "POST", headers });
    expect(start.status).toBe(202);
    const location = new URL(start.headers.get("location") ?? "", registry.url);
    const first = await fetch(location, { method: "PATCH", headers: { ...headers, "Content-Range": "0-9" }, body: new Uint8Array(layer.subarray(0, 10)) });
    expect(first.status).toBe(202);
    expect(first.headers.get("range")).toBe("0-9");
    const outOfOrder = await fetch(location, { method: "PATCH", headers: { ...headers, "Content-Range": "20-29" }, body: new Uint8Array(layer.subarray(20, 30)) });
    expect(outOfOrder.status).toBe(416);
    expect((await fetch(location, { method: "PATCH", headers: { ...headers, "Content-Range": `10-${layer.length - 1}` }, body: new Uint8Array(layer.subarray(10)) })).status).toBe(202);
    const wrongDigest = await fetch(`${location}?digest=${sha256(Buffer.from("other"))}`, { method: "PUT", headers });
    expect(wrongDigest.status).toBe(400);
    expect((await errorOf(wrongDigest)).code).toBe("DIGEST_INVALID");
    const done = await fetch(`${location}?digest=${sha256(layer)}`, { method: "PUT", headers });
    expect(done.status).toBe(201);

    const blob = await fetch(`${registry.url}/v2/team-a/app/blobs/${sha256(layer)}`, { headers });
    expect(Buffer.from(await blob.arrayBuffer()).equals(layer)).toBe(true);
    expect(blob.headers.get("docker-content-digest")).toBe(sha256(layer));
    const head = await fetch(`${registry.url}/v2/team-a/app/blobs/${sha256(Buffer.from("never"))}`, { method: "HEAD", headers });
    expect(head.status).toBe(404);
  });

  it("stores a manifest by tag, serves it by tag and by digest (GET and HEAD) with digest, type and length, and refuses a wrong digest", async () => {
    const manifest = manifestOf();
    const pushed = await put("team-a/app", "1.0", manifest);
    expect(pushed.status).toBe(201);
    expect(pushed.headers.get("docker-content-digest")).toBe(sha256(manifest));
    for (const reference of ["1.0", sha256(manifest)]) {
      const got = await fetch(`${registry.url}/v2/team-a/app/manifests/${reference}`, { headers: { ...headers, Accept: OCI_MANIFEST } });
      expect(Buffer.from(await got.arrayBuffer()).equals(manifest)).toBe(true);
      expect([got.headers.get("content-type"), got.headers.get("docker-content-digest"), got.headers.get("content-length")]).toEqual([OCI_MANIFEST, sha256(manifest), String(manifest.length)]);
      const head = await fetch(`${registry.url}/v2/team-a/app/manifests/${reference}`, { method: "HEAD", headers });
      expect([head.status, head.headers.get("content-length")]).toEqual([200, String(manifest.length)]);
    }
    const mismatch = await put("team-a/app", `sha256:${"3".repeat(64)}`, manifest);
    expect((await errorOf(mismatch)).code).toBe("DIGEST_INVALID");
  });

  it("refuses a manifest over 4 MiB (413), an unknown media type, malformed JSON and unknown blobs, in the spec's error form", async () => {
    const huge = await put("team-a/app", "huge", Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
    expect(huge.status).toBe(413);
    expect((await errorOf(huge)).code).toBe("MANIFEST_INVALID");
    const strange = await put("team-a/app", "strange", manifestOf(), "application/vnd.example.unknown+json");
    expect(strange.status).toBe(400);
    expect(await errorOf(strange)).toEqual({ code: "MANIFEST_INVALID", message: "manifest invalid", detail: 'unsupported manifest media type "application/vnd.example.unknown+json" (Content-Type)' });
    expect((await errorOf(await put("team-a/app", "garbled", Buffer.from("{not json")))).code).toBe("MANIFEST_INVALID");
    const orphan = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: "x", digest: `sha256:${"4".repeat(64)}`, size: 2 }, layers: [] }));
    expect((await errorOf(await put("team-a/app", "orphan", orphan))).code).toBe("MANIFEST_BLOB_UNKNOWN");
    const unknown = await fetch(`${registry.url}/v2/team-a/app/manifests/sha256:${"5".repeat(64)}`, { headers });
    expect([unknown.status, (await errorOf(unknown)).code]).toEqual([404, "MANIFEST_UNKNOWN"]);
  });

  it("lists tags in order, n at a time after last, with a Link to the next page", async () => {
    for (const tag of ["2.0", "1.1", "3.0"]) expect((await put("team-a/app", tag, manifestOf())).status).toBe(201);
    const all = await fetch(`${registry.url}/v2/team-a/app/tags/list`, { headers });
    expect(await all.json()).toEqual({ name: "team-a/app", tags: ["1.0", "1.1", "2.0", "3.0"] });
    const page = await fetch(`${registry.url}/v2/team-a/app/tags/list?n=2&last=1.0`, { headers });
    expect(await page.json()).toEqual({ name: "team-a/app", tags: ["1.1", "2.0"] });
    expect(page.headers.get("link")).toBe('</v2/team-a/app/tags/list?n=2&last=2.0>; rel="next"');
  });

  it("indexes referrers by subject, answers OCI-Subject, filters by artifactType, and deletes", async () => {
    const subject = manifestOf();
    const referrer = manifestOf({ artifactType: "application/vnd.example.sig", subject: { mediaType: OCI_MANIFEST, digest: sha256(subject), size: subject.length } });
    const pushed = await put("team-a/app", sha256(referrer), referrer);
    expect(pushed.headers.get("oci-subject")).toBe(sha256(subject));
    const listed = await fetch(`${registry.url}/v2/team-a/app/referrers/${sha256(subject)}`, { headers });
    expect(listed.headers.get("content-type")).toBe("application/vnd.oci.image.index.v1+json");
    expect(((await listed.json()) as { manifests: unknown[] }).manifests).toEqual([{ mediaType: OCI_MANIFEST, digest: sha256(referrer), size: referrer.length, artifactType: "application/vnd.example.sig" }]);
    const filtered = await fetch(`${registry.url}/v2/team-a/app/referrers/${sha256(subject)}?artifactType=application/vnd.example.other`, { headers });
    expect(filtered.headers.get("oci-filters-applied")).toBe("artifactType");
    expect(((await filtered.json()) as { manifests: unknown[] }).manifests).toEqual([]);
    expect((await fetch(`${registry.url}/v2/team-a/app/manifests/${sha256(referrer)}`, { method: "DELETE", headers })).status).toBe(202);
    const after = await fetch(`${registry.url}/v2/team-a/app/referrers/${sha256(subject)}`, { headers });
    expect(((await after.json()) as { manifests: unknown[] }).manifests).toEqual([]);
  });
});

describe("the registry emulator with basic auth", () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startRegistryEmulator({ users: { alice: "alice-password" }, auth: "basic" });
  });
  afterAll(() => registry.stop());

  it("challenges with Basic and lets the right password in", async () => {
    const anonymous = await fetch(`${registry.url}/v2/`);
    expect([anonymous.status, anonymous.headers.get("www-authenticate")]).toEqual([401, 'Basic realm="bulkhead-registry-emulator"']);
    expect((await fetch(`${registry.url}/v2/`, { headers: { Authorization: basic("alice", "wrong") } })).status).toBe(401);
    const known = await fetch(`${registry.url}/v2/team-a/none/tags/list`, { headers: { Authorization: basic("alice", "alice-password") } });
    expect([known.status, (await errorOf(known)).code]).toEqual([404, "NAME_UNKNOWN"]);
  });
});
