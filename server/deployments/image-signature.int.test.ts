// Signatures, through the real router against the OCI registry emulator: once the platform requires them for a
// classification, a deploy goes through only with an image a trusted key signed (the decision names the key), in
// either of cosign's layouts; an unsigned image, or one signed by a key nobody trusts, is refused naming the image and
// the keys tried; a team's own key counts for that team only; a key removed since signs nothing on a later scale.
// Who may change an app's classification follows the platform policy, and every change is audited.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoImages } from "@/oci/build/demo-images";
import { pushDemoImages } from "@/oci/build/push-demo-images";
import { pushManifest } from "@/oci/build/push";
import { cosignTagSignature } from "@/oci/build/signature";
import { labelledSigningKey, SANDBOX_SIGNING_KEY_LABEL } from "@/oci/build/signing-key";
import { RegistrySession } from "@/oci/client/session";
import { type RunningRegistry, startRegistryEmulator } from "@/oci/emulator/emulator";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import type { PlatformPolicy } from "@/server/policy/schemas";
import { createTarget } from "@/server/targets/service";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, DIGEST_IMAGE } from "@/testing/sandbox";

let registry: RunningRegistry;
let demo: DemoImages;
let teamId: string, otherTeamId: string, targetId: string, baseImageId: string;
let dev: Awaited<ReturnType<typeof makeCaller>>, outsider: Awaited<ReturnType<typeof makeCaller>>, operator: Awaited<ReturnType<typeof makeCaller>>;
let platform: PlatformPolicy;

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: TRPCError) => error);
const image = (repository: string, digest: string) => `${registry.host}/${repository}@${digest}`;
const newApp = async (classification: "internal" | "confidential") =>
  dev.caller.apps.create({ teamId, name: `signed-${randomBytes(3).toString("hex")}`, description: "", classification, baseImageId });
const stranger = labelledSigningKey("a key only one team trusts");

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  registry = await startRegistryEmulator({ users: { pusher: "push-password", puller: "pull-password" }, pullOnly: ["puller"] });
  demo = await pushDemoImages(registry.host, { username: "pusher", password: "push-password" });
  teamId = (await makeTeam("Signs")).id;
  otherTeamId = (await makeTeam("Signs elsewhere")).id;
  dev = await makeCaller("developer", [teamId]);
  outsider = await makeCaller("developer", [otherTeamId]);
  operator = await makeCaller("operator");
  await dev.caller.registries.set({ teamId, registry: registry.host, username: "puller", password: "pull-password" });
  baseImageId = (await makeBaseImage()).id;
  // Confidential data needs a private zone (the built-in placement policy).
  targetId = (
    await createTarget(operator, {
      name: `signs-${randomBytes(3).toString("hex")}`,
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "signs", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
      credentials: { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" },
      labels: { zone: "private" },
    })
  ).id;
  await operator.caller.signingKeys.add({ teamId: null, name: "Sandbox demo images", publicKey: labelledSigningKey(SANDBOX_SIGNING_KEY_LABEL).publicKeyPem });
  platform = (await operator.caller.policy.get()).platform;
  await operator.caller.policy.setPlatform({ ...platform, images: { ...platform.images, signaturesRequiredFor: ["confidential", "regulated"] } });
});
afterAll(async () => {
  await stopQueue();
  await registry?.stop();
});

describe("a classification that requires signatures", () => {
  it("deploys an image a trusted key signed, in either layout, and the decision names the key", async () => {
    const app = await newApp("confidential");
    const bundled = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: image("team-a/shop", demo.app.root.digest) });
    const [revision] = (await dev.caller.deployments.get({ id: bundled.id })).revisions;
    expect(revision.decision?.signedBy).toMatchObject({ name: "Sandbox demo images", scope: "Platform", layout: "sigstore-bundle" });
    expect(revision.resolvedImage?.signature).toMatchObject({ signer: { name: "Sandbox demo images", digest: demo.app.root.digest }, tried: ["Sandbox demo images (Platform)"], found: 1 });

    const other = await newApp("confidential");
    const preview = await dev.caller.deployments.preview({ appId: other.id, targetId, ...baseSettings, image: image("team-a/orders", demo.orders.root.digest) });
    expect(preview.decision?.signedBy).toMatchObject({ name: "Sandbox demo images", layout: "cosign-tag" });
  });

  it("refuses an unsigned image naming the image and the keys tried, and writes nothing but the denied event", async () => {
    const app = await newApp("confidential");
    const unsigned = image("team-a/prototype", demo.prototype.root.digest);
    const refused = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: unsigned }));
    expect(refused?.code).toBe("FORBIDDEN");
    expect(refused?.message).toContain(`${unsigned} carries no signature (no Sigstore bundle among its referrers, no cosign sha256-<digest>.sig tag); keys tried: Sandbox demo images (Platform); confidential apps need an image signed by a key the platform trusts`);
    expect(await db().deployment.count({ where: { appId: app.id } })).toBe(0);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "deployment.deploy", resourceId: app.id } });
    expect(denied.outcome).toBe("denied");

    // Not resolved (a registry the team holds no credentials for): nothing could be checked, and it says so.
    const elsewhere = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image: DIGEST_IMAGE("elsewhere") });
    expect(elsewhere.decision?.reasons).toEqual([expect.objectContaining({ code: "image-unsigned", message: expect.stringMatching(/could not be checked for a signature: the team holds no credentials for its registry/) })]);
  });

  it("refuses a signature by a key nobody trusts; the team's own key lets it through for that team only; removed, it signs nothing on a later scale", async () => {
    const signed = cosignTagSignature(demo.prototype.root, `${registry.host}/team-a/prototype`, { privateKey: stranger.privateKey });
    await pushManifest(new RegistrySession(registry.host, { scheme: "http", credentials: { username: "pusher", password: "push-password" }, timeoutMs: 5_000 }), "team-a/prototype", signed.manifest, signed.tag);
    const prototype = image("team-a/prototype", demo.prototype.root.digest);
    const app = await newApp("confidential");
    const untrusted = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: prototype }));
    expect(untrusted?.message).toContain(`${prototype} has one signature, but none verifies against a trusted key for this digest; keys tried: Sandbox demo images (Platform)`);

    const teamKey = await operator.caller.signingKeys.add({ teamId, name: "Signs CI", publicKey: stranger.publicKeyPem });
    expect(teamKey.scope).toBe("Signs");
    const deployed = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: prototype });
    expect((await dev.caller.deployments.get({ id: deployed.id })).revisions[0].decision?.signedBy).toMatchObject({ name: "Signs CI", scope: "Signs", layout: "cosign-tag" });
    // Another team does not trust it.
    expect((await outsider.caller.signingKeys.list({})).map((key) => key.name)).toEqual(["Sandbox demo images"]);

    await operator.caller.signingKeys.remove({ id: teamKey.id });
    const scaled = await refusal(dev.caller.deployments.scale({ id: deployed.id, minInstances: 1, maxInstances: 2 }));
    expect(scaled?.code).toBe("FORBIDDEN");
    expect(scaled?.message).toMatch(/has one signature, but none verifies against a trusted key/);
  });

  it("asks nothing of a classification it does not name", async () => {
    const app = await newApp("internal");
    const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings, image: image("team-a/prototype", demo.prototype.root.digest) });
    expect(preview.decision?.allowed).toBe(true);
    expect(preview.decision?.signedBy).toBeUndefined();
  });
});

describe("classification changes", () => {
  it("are the team's until the platform keeps them to operators; then an operator changes one with a reason; each is audited", async () => {
    const app = await newApp("internal");
    expect(app.can.classify).toBe(true);
    await dev.caller.apps.update({ id: app.id, classification: "confidential" });
    const changed = await db().auditEvent.findFirstOrThrow({ where: { action: "app.update", resourceId: app.id, outcome: "ok" } });
    expect(changed.reason).toBe("data classification changed from internal to confidential");

    const current = (await operator.caller.policy.get()).platform;
    await operator.caller.policy.setPlatform({ ...current, apps: { classificationChanges: "operators" } });
    expect((await dev.caller.apps.get({ id: app.id })).can.classify).toBe(false);
    const refused = await refusal(dev.caller.apps.update({ id: app.id, classification: "internal" }));
    expect(refused?.code).toBe("FORBIDDEN");
    expect(refused?.message).toContain("only IT operations change an app's data classification");
    expect((await db().app.findUniqueOrThrow({ where: { id: app.id } })).classification).toBe("confidential");
    // Other changes still go through.
    await dev.caller.apps.update({ id: app.id, description: "still ours" });
    // A developer cannot take the operators' way round.
    expect((await refusal(dev.caller.apps.setClassification({ id: app.id, classification: "internal", reason: "mine" })))?.code).toBe("FORBIDDEN");

    const reclassified = await operator.caller.apps.setClassification({ id: app.id, classification: "internal", reason: "holds no customer data since 2.0" });
    expect(reclassified.classification).toBe("internal");
    const audited = await db().auditEvent.findFirstOrThrow({ where: { action: "app.set-classification", resourceId: app.id } });
    expect(audited).toMatchObject({ outcome: "ok", reason: "data classification changed from confidential to internal: holds no customer data since 2.0", before: { classification: "confidential" }, after: { classification: "internal" } });
    await operator.caller.policy.setPlatform(current);
  });
});
