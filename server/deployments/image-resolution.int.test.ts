// Deploys resolve their image in the team's registry before anything is written (against the OCI registry emulator,
// through the real router): the manifest for the target's platform, its layers and named base are kept with the
// revision and carried by later revisions of the same image; an image the registry does not have, or cannot serve
// usably (malformed, over 4 MiB, an unknown media type, no image for the target's platform), is refused naming the
// image field in the registry's or the client's words, never a 500, and writes nothing but the denied audit event.
import { createHash, randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pushDemoImages } from "@/oci/build/push-demo-images";
import { buildImage } from "@/oci/build/image";
import { pushManifest } from "@/oci/build/push";
import { jsonBlob } from "@/oci/build/blob";
import { RegistrySession } from "@/oci/client/session";
import type { DemoImages } from "@/oci/build/demo-images";
import { type RunningRegistry, startRegistryEmulator } from "@/oci/emulator/emulator";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { createTarget } from "@/server/targets/service";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, DIGEST_IMAGE } from "@/testing/sandbox";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

let registry: RunningRegistry;
let demo: DemoImages;
let teamId: string, targetId: string, baseImageId: string;
let dev: Awaited<ReturnType<typeof makeCaller>>;

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: TRPCError) => error);
const newApp = async (declared = baseImageId) => dev.caller.apps.create({ teamId, name: `shop-${randomBytes(3).toString("hex")}`, description: "", classification: "internal", baseImageId: declared });

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  registry = await startRegistryEmulator({ users: { pusher: "push-password", puller: "pull-password" }, pullOnly: ["puller"] });
  demo = await pushDemoImages(registry.host, { username: "pusher", password: "push-password" });
  teamId = (await makeTeam("Resolves")).id;
  dev = await makeCaller("developer", [teamId]);
  await dev.caller.registries.set({ teamId, registry: registry.host, username: "puller", password: "pull-password" });
  baseImageId = (await makeBaseImage()).id;
  // No workers run here: deployments stay queued, which is all this file needs.
  targetId = (
    await createTarget(await makeCaller("operator"), {
      name: `resolves-${randomBytes(3).toString("hex")}`,
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "resolves", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
      credentials: { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" },
      labels: {},
    })
  ).id;
});
afterAll(async () => {
  await stopQueue();
  await registry?.stop();
});

it("resolves the image for the target's platform at preview and deploy, keeps it with the revision, and carries it on a scale", async () => {
  const app = await newApp();
  const image = `${registry.host}/team-a/shop@${demo.app.root.digest}`;
  const expected = {
    image,
    registry: registry.host,
    manifestDigest: demo.app.images["linux/amd64"].digest,
    platform: "linux/amd64",
    layers: [expect.stringMatching(/^sha256:/), expect.stringMatching(/^sha256:/), expect.stringMatching(/^sha256:/)],
    baseName: `${registry.host}/ubi9/ubi:9.6`,
    baseDigest: demo.ubi.images["linux/amd64"].digest,
    base: { reference: `${registry.host}/ubi9/ubi:9.6`, digest: demo.ubi.root.digest, manifestDigest: demo.ubi.images["linux/amd64"].digest, layers: 1 },
  };
  const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image });
  expect(preview.image).toMatchObject(expected);

  const deployed = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image });
  await dev.caller.deployments.scale({ id: deployed.id, minInstances: 1, maxInstances: 3 });
  const view = await dev.caller.deployments.get({ id: deployed.id });
  expect(view.revisions.map((revision) => [revision.number, revision.resolvedImage?.manifestDigest])).toEqual([
    [2, expected.manifestDigest],
    [1, expected.manifestDigest],
  ]);
  const audited = await db().auditEvent.findFirstOrThrow({ where: { action: "deployment.deploy", resourceId: deployed.id, outcome: "ok" } });
  expect(audited.after).toMatchObject({ image: { manifestDigest: expected.manifestDigest, platform: "linux/amd64" } });
});

it("leaves an image in a registry the team holds no credentials for unresolved, as before", async () => {
  const app = await newApp();
  const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image: DIGEST_IMAGE("elsewhere") });
  expect(preview.image).toBeNull();
  const deployed = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: DIGEST_IMAGE("elsewhere") });
  expect((await dev.caller.deployments.get({ id: deployed.id })).revisions[0].resolvedImage).toBeNull();
});

it("refuses, naming the image, what the registry does not have or cannot serve usably, writing nothing", async () => {
  const garbled = Buffer.from('{"schemaVersion": 2, "config": ');
  const strange = Buffer.from("{}");
  registry.plant("team-a/bad", sha256(garbled), { contentType: OCI_MANIFEST, body: garbled });
  registry.plant("team-a/bad", sha256(strange), { contentType: "application/vnd.example.unknown+json", body: strange });
  const huge = `sha256:${"4".repeat(64)}`;
  registry.plant("team-a/bad", huge, { contentType: OCI_MANIFEST, body: Buffer.alloc(4 * 1024 * 1024 + 1, 0x20) });
  const cases: [string, RegExp][] = [
    [`${registry.host}/team-a/shop@sha256:${"0".repeat(64)}`, /MANIFEST_UNKNOWN|manifest unknown/i],
    [`${registry.host}/team-a/bad@${sha256(garbled)}`, /is not valid JSON/],
    [`${registry.host}/team-a/bad@${huge}`, /is over 4194304 bytes/],
    [`${registry.host}/team-a/bad@${sha256(strange)}`, /"application\/vnd\.example\.unknown\+json"/],
    [`${registry.host}/windows/servercore@${demo.windows.root.digest}`, /has no image for linux\/amd64; it has windows\/amd64/],
  ];
  const app = await newApp();
  for (const [image, words] of cases) {
    for (const call of [dev.caller.deployments.preview, dev.caller.deployments.deploy]) {
      const error = await refusal(call({ appId: app.id, targetId, ...baseSettings, image }));
      expect(error?.code, image).toBe("BAD_REQUEST");
      expect(error?.message, image).toMatch(/^image: /);
      expect(error?.message, image).toMatch(words);
    }
  }
  expect(await db().deployment.count({ where: { appId: app.id } })).toBe(0);
  const denied = await db().auditEvent.findMany({ where: { action: "deployment.deploy", resourceId: app.id } });
  expect(denied.map((event) => event.outcome)).toEqual(cases.map(() => "denied"));
});

it("judges the catalog image the image's layers are built on, not the declared one, and records the deployment on it", async () => {
  // The catalog names the UBI by its public host; the digest is what matches it to the copy in the team's registry.
  const ubi = await makeBaseImage({ name: "Red Hat UBI (layers)", version: "9.6", reference: `registry.access.redhat.com/ubi9/ubi@${demo.ubi.root.digest}` });
  const app = await newApp();
  const image = `${registry.host}/team-a/shop@${demo.app.root.digest}`;
  const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image });
  expect(preview.decision?.judgedOn).toEqual({ id: ubi.id, name: "Red Hat UBI (layers)", version: "9.6", by: "layers" });
  expect(preview.decision?.warnings).toContainEqual(expect.objectContaining({ code: "base-image-undeclared", message: expect.stringContaining("is built on Red Hat UBI (layers) 9.6 (its layers start with that image's)") }));

  const deployed = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image });
  const revision = await db().deploymentRevision.findFirstOrThrow({ where: { deploymentId: deployed.id } });
  expect(revision.baseImageId).toBe(ubi.id);
  // The app's base image follows what the deploy showed, audited; the next preview has nothing left to warn of.
  expect((await dev.caller.apps.get({ id: app.id })).baseImage?.id).toBe(ubi.id);
  const followed = await db().auditEvent.findFirstOrThrow({ where: { action: "app.update", resourceId: app.id } });
  expect(followed).toMatchObject({ outcome: "ok", reason: "base image follows the deployed image's layers: Red Hat UBI (layers) 9.6 (revision 1)", before: { baseImageId }, after: { baseImageId: ubi.id } });
  const again = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image });
  expect(again.decision?.warnings.filter((warning) => warning.code === "base-image-undeclared")).toEqual([]);
  // What runs on what follows the layers: the UBI entry lists this deployment.
  const report = await dev.caller.catalog.runsOn();
  expect(report.find((row) => row.id === ubi.id)?.deployments.map((d) => d.id)).toEqual([deployed.id]);
});

it("refuses an image built on a revoked base while the app declares an approved one, naming the real base", async () => {
  await makeBaseImage({ name: "WebSphere Liberty (layers)", version: "23.0.0.3", status: "revoked", reference: `icr.io/appcafe/websphere-liberty@${demo.liberty.root.digest}` });
  const app = await newApp();
  const image = `${registry.host}/team-a/orders@${demo.orders.root.digest}`;
  const refused = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image }));
  expect(refused?.code).toBe("FORBIDDEN");
  expect(refused?.message).toMatch(/Base image WebSphere Liberty \(layers\) 23\.0\.0\.3 is revoked/);
  expect(await db().deployment.count({ where: { appId: app.id } })).toBe(0);
});

it("judges a break-glass deploy on the image as resolved at approval: the revoked real base is what the override waives", async () => {
  const liberty = await db().baseImage.findFirstOrThrow({ where: { name: "WebSphere Liberty (layers)" } });
  const app = await newApp();
  const image = `${registry.host}/team-a/orders@${demo.orders.root.digest}`;
  const refused = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image }));
  const sequence = (refused?.cause as { auditedAs?: bigint } | undefined)?.auditedAs;
  expect(sequence).toBeDefined();
  const requested = await dev.caller.overrides.request({ refusal: String(sequence), reason: "orders must ship before the rebase", durationMinutes: 30 });
  await (await makeCaller("operator")).caller.overrides.approve({ id: requested.id, note: "" });
  const revision = await db().deploymentRevision.findFirstOrThrow({ where: { deployment: { appId: app.id } } });
  expect(revision.baseImageId).toBe(liberty.id);
  expect(revision.resolvedImage).toMatchObject({ manifestDigest: demo.orders.images["linux/amd64"].digest, base: { digest: demo.liberty.root.digest } });
  expect(revision.decision).toMatchObject({ allowed: true, waived: [expect.objectContaining({ code: "base-image-revoked", subject: "WebSphere Liberty (layers) 23.0.0.3" })] });
});

it("takes a base annotation only as a hint: a named base whose layers are not the image's first is not believed", async () => {
  // An image whose annotations name the UBI by its digest, but which is not built on it.
  const ubi = demo.ubi.images["linux/amd64"];
  const stranger = await buildImage({ platform: { os: "linux", architecture: "amd64" }, layers: [[{ path: "etc/os-release", content: "NAME=Stranger\n" }]] });
  const forged = await buildImage({ platform: { os: "linux", architecture: "amd64" }, base: { name: `${registry.host}/ubi9/ubi:9.6`, image: { ...stranger, digest: ubi.digest } }, layers: [[{ path: "app/forged", content: "forged\n" }]] });
  await pushManifest(new RegistrySession(registry.host, { scheme: "http", credentials: { username: "pusher", password: "push-password" } }), "team-a/forged", forged, "1.0");
  const app = await newApp();
  const image = `${registry.host}/team-a/forged@${forged.digest}`;
  const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image });
  expect(preview.image).toMatchObject({ baseDigest: ubi.digest, base: null });
  expect(preview.decision?.judgedOn).toMatchObject({ id: baseImageId, by: "declaration" });
  expect(preview.decision?.warnings).toContainEqual(expect.objectContaining({ code: "base-image-unknown", subject: image }));
});

it("finds the base by its layers when the image names none: the catalog image whose layers are the longest prefix of its own", async () => {
  /** The image built on `base` with its base annotations taken out, pushed as team-a/<name>:1.0. */
  const quiet = async (name: string, base: DemoImages["ubi"]) => {
    const built = await buildImage({ platform: { os: "linux", architecture: "amd64" }, base: { name: "unnamed", image: base.images["linux/amd64"] }, layers: [[{ path: `app/${name}`, content: `${name}\n` }]] });
    const manifest = JSON.parse(built.bytes.toString("utf8")) as { annotations?: Record<string, string> };
    delete manifest.annotations;
    const unannotated = { ...built, ...jsonBlob(OCI_MANIFEST, manifest) };
    await pushManifest(new RegistrySession(registry.host, { scheme: "http", credentials: { username: "pusher", password: "push-password" } }), `team-a/${name}`, unannotated, "1.0");
    return `${registry.host}/team-a/${name}@${unannotated.digest}`;
  };
  const app = await newApp();
  const onUbi = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image: await quiet("quiet-ubi", demo.ubi) });
  expect(onUbi.image).toMatchObject({ baseName: null, base: { reference: `${registry.host}/ubi9/ubi@${demo.ubi.root.digest}`, digest: demo.ubi.root.digest, layers: 1 } });
  expect(onUbi.decision?.judgedOn).toMatchObject({ name: "Red Hat UBI (layers)", by: "layers" });
  // The Liberty is built on the UBI: both are prefixes, the longer one is the base.
  const onLiberty = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image: await quiet("quiet-liberty", demo.liberty) });
  expect(onLiberty.decision?.judgedOn).toMatchObject({ name: "WebSphere Liberty (layers)", by: "layers" });
  expect(onLiberty.decision?.reasons).toContainEqual(expect.objectContaining({ code: "base-image-revoked" }));
});

it("refuses images on no verified catalog base once the platform says so: unresolved ones too, naming why; a verified one still deploys", async () => {
  await makeBaseImage({ name: "Red Hat UBI (strict)", version: "9.6", reference: `registry.example.org/ubi9/ubi@${demo.ubi.root.digest}` });
  const operator = await makeCaller("operator");
  const platform = (await operator.caller.policy.get()).platform;
  expect(platform.images).toEqual({ unverifiedBase: "warn", signaturesRequiredFor: [] });
  await operator.caller.policy.setPlatform({ ...platform, images: { ...platform.images, unverifiedBase: "refuse" } });
  const app = await newApp();

  const unresolved = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image: DIGEST_IMAGE("strict") });
  expect(unresolved.decision?.allowed).toBe(false);
  expect(unresolved.decision?.reasons).toEqual([expect.objectContaining({ code: "base-image-unknown", message: expect.stringMatching(/^Bulkhead could not check what the image is built on: the team holds no credentials for its registry/) })]);
  const refused = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: DIGEST_IMAGE("strict") }));
  expect(refused?.code).toBe("FORBIDDEN");

  const verified = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: `${registry.host}/team-a/shop@${demo.app.root.digest}` });
  expect(verified.desiredRevision).toBe(1);
  await operator.caller.policy.setPlatform(platform);
});
