import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { storedDecision } from "@/server/deployments/stored";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { syntheticCredentials } from "@/testing/credentials";
import type { PolicyDecision } from "@/server/policy/evaluate";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let dev: Awaited<ReturnType<typeof makeCaller>>;
let ops: Awaited<ReturnType<typeof makeCaller>>;
let teamId: string;
let successor: { id: string };

beforeAll(async () => {
  sandbox = await startTestSandbox({ workers: false });
  teamId = (await makeTeam("Policy")).id;
  dev = await makeCaller("developer", [teamId]);
  ops = await makeCaller("operator");
  successor = await makeBaseImage({ name: "Red Hat UBI", version: "9.6" });
});
afterAll(() => sandbox?.stop());

async function appOn(baseImageId: string, name: string, classification: "internal" | "regulated" = "internal") {
  return dev.caller.apps.create({ teamId, name, description: "", classification, baseImageId });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const deniedFor = (appId: string) => db().auditEvent.findFirst({ where: { resourceId: appId, outcome: "denied" }, orderBy: { sequence: "desc" } });

describe("deploy policy: base images", () => {
  it("refuses an app on a revoked image, naming the image and its successor, and audits the refusal", async () => {
    const image = await makeBaseImage({ name: "WebSphere Liberty", version: "23.0.0.3" });
    const app = await appOn(image.id, "on-revoked");
    await ops.caller.catalog.revoke({ id: image.id, successorId: successor.id, reason: "remote code execution in this fix pack" });
    const targetId = sandbox.byKind["gcp-cloud-run"].targetId;
    const before = JSON.stringify(sandbox.byKind["gcp-cloud-run"].emulator.requestCounts());

    const error = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/WebSphere Liberty 23\.0\.0\.3 is revoked/);
    expect(error.message).toMatch(/Red Hat UBI 9\.6/);
    expect(await db().deployment.count({ where: { appId: app.id } })).toBe(0);
    expect(JSON.stringify(sandbox.byKind["gcp-cloud-run"].emulator.requestCounts())).toBe(before);

    const denied = await deniedFor(app.id);
    expect(denied).toMatchObject({ action: "deployment.deploy", actorId: dev.actor.userId, teamId, reason: expect.stringMatching(/revoked.*Red Hat UBI 9\.6/) });
    expect(denied?.after).toMatchObject({ reasons: [expect.objectContaining({ code: "base-image-revoked" })] });

    const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings });
    expect(preview).toMatchObject({ plan: null, decision: { allowed: false, reasons: [expect.objectContaining({ code: "base-image-revoked" })] } });
  });

  it("refuses an image past its end of life", async () => {
    const image = await makeBaseImage({ name: "Node.js runtime on UBI 9", version: "20", endOfLife: new Date("2099-04-30T00:00:00Z"), successorId: successor.id });
    const app = await appOn(image.id, "past-eol");
    // Registered while its image was supported (no app may be registered on one past its end); the date passed since.
    await db().baseImage.update({ where: { id: image.id }, data: { endOfLife: new Date("2026-04-30T00:00:00Z") } });
    const error = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings }));
    expect(error.message).toMatch(/Node.js runtime on UBI 9 20 reached its end of life on 2026-04-30/);
    expect(await deniedFor(app.id)).not.toBeNull();
  });

  it("deploys an app on a deprecated image with a warning to rebase, kept with the revision", async () => {
    const image = await makeBaseImage({ name: "Red Hat UBI", version: "8.10", status: "deprecated", successorId: successor.id });
    const app = await appOn(image.id, "on-deprecated");
    const targetId = sandbox.byKind["aws-ecs"].targetId;
    const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings });
    expect(preview.decision?.warnings.map((w) => w.message)).toContain("Base image Red Hat UBI 8.10 is deprecated: rebase onto its successor Red Hat UBI 9.6");
    expect(preview.plan?.enforcement?.map((e) => e.setting)).toEqual(expect.arrayContaining(["ingressTlsRequired", "nonRoot"]));

    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings });
    const revision = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId: deployment.id, number: 1 } } });
    const decision = storedDecision(revision.decision, revision);
    expect(decision).toMatchObject({ allowed: true, warnings: [expect.objectContaining({ code: "base-image-deprecated" })] });
    expect(decision?.enforcement.length).toBeGreaterThan(0);
    expect(revision.spec).toMatchObject({ policy: { hardening: { nonRoot: true } } });
  });

  it("a restricted image lets what is deployed redeploy, with a warning, and refuses new targets and new apps", async () => {
    const image = await makeBaseImage({ name: "JBoss EAP on UBI 8", version: "7.4" });
    const app = await appOn(image.id, "on-restricted");
    const placed = sandbox.byKind["aws-ecs"].targetId;
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: placed, ...baseSettings });
    await ops.caller.catalog.restrict({ id: image.id, successorId: successor.id, reason: "EAP 7.4 leaves maintenance" });

    const redeployed = await dev.caller.deployments.deploy({ appId: app.id, targetId: placed, ...baseSettings, env: { MODE: "redeploy" } });
    expect(redeployed).toMatchObject({ id: deployment.id, desiredRevision: 2 });
    const revision = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId: deployment.id, number: 2 } } });
    expect(storedDecision(revision.decision, revision)).toMatchObject({ allowed: true, warnings: [expect.objectContaining({ code: "base-image-restricted" })] });
    expect(await dev.caller.deployments.nonCompliant()).not.toContainEqual(expect.objectContaining({ id: deployment.id }));

    const elsewhere = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind["gcp-cloud-run"].targetId, ...baseSettings }));
    expect(elsewhere.code).toBe("FORBIDDEN");
    expect(elsewhere.message).toMatch(/JBoss EAP on UBI 8 7\.4 is restricted: deployments already on it may redeploy, nothing new may be placed on it; rebase onto its successor Red Hat UBI 9\.6/);
    expect((await deniedFor(app.id))?.after).toMatchObject({ reasons: [expect.objectContaining({ code: "base-image-restricted" })] });

    const another = await refusal(appOn(image.id, "new-on-restricted"));
    expect(another.code).toBe("BAD_REQUEST");
    expect(another.cause?.message).toMatch(/is restricted: only deployments already on it may redeploy/);
  });

  it("refuses an app that declares no base image, naming the field", async () => {
    const app = await appOn(successor.id, "undeclared");
    await db().app.update({ where: { id: app.id }, data: { baseImageId: null } });
    const error = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings }));
    expect(error.message).toMatch(/declares no base image/);
  });
});

describe("deploy policy: placement", () => {
  it("refuses regulated data on a target without the required labels, listing the targets that qualify", async () => {
    await ops.caller.targets.create({
      name: "eu-private-cc",
      coordinates: { kind: "gcp-cloud-run", region: "europe-west3", projectId: "bulkhead-regulated" },
      credentials: syntheticCredentials("gcp-cloud-run"),
      labels: { residency: "ch", zone: "private", "confidential-compute": "true" },
    });
    const app = await appOn(successor.id, "ledger", "regulated");
    const error = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/regulated data needs a target labelled zone = private; sandbox-aws-ecs has zone = public/);
    expect(error.message).toMatch(/has no confidential-compute label/);
    expect(error.message).toMatch(/Targets that qualify: eu-private-cc/);
    expect(error.message).not.toMatch(/sandbox-azure-aci/);
    expect((await deniedFor(app.id))?.reason).toMatch(/Targets that qualify: eu-private-cc/);
  });
});

describe("live deployments judged again", () => {
  it("flags a live deployment once its image is revoked or the platform raises the minimum TLS version", async () => {
    const image = await makeBaseImage({ name: "Apache Tomcat on UBI 9", version: "10.1" });
    const app = await appOn(image.id, "flagged");
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings });
    expect(await dev.caller.deployments.nonCompliant()).not.toContainEqual(expect.objectContaining({ id: deployment.id }));

    const platform = (await ops.caller.policy.get()).platform;
    await ops.caller.policy.setPlatform({ ...platform, encryption: { ...platform.encryption, ingressTlsRequired: true, minTlsVersion: "1.3" } });
    await ops.caller.catalog.revoke({ id: image.id, successorId: successor.id, reason: "end of support" });
    const flagged = (await ops.caller.deployments.nonCompliant()).find((d) => d.id === deployment.id);
    expect(flagged?.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/Apache Tomcat on UBI 9 10\.1 is revoked/), expect.stringMatching(/sandbox-aws-ecs cannot enforce minTlsVersion/)]),
    );
    // A developer of another team does not see it.
    const stranger = await makeCaller("developer", [(await makeTeam("Other")).id]);
    expect(await stranger.caller.deployments.nonCompliant()).toEqual([]);
  });
});
