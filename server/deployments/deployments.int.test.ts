import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { DeploymentStatus } from "@/server/db/generated/enums";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, DIGEST_IMAGE, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";
import type { ProviderKind } from "@/providers/types";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let dev: Awaited<ReturnType<typeof makeCaller>>;
let teamId: string;
let baseImageId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  teamId = (await makeTeam("Deployers")).id;
  dev = await makeCaller("developer", [teamId]);
  baseImageId = (await makeBaseImage()).id;
});
afterAll(() => sandbox?.stop());

async function statusOf(id: string, wanted: DeploymentStatus, revision?: number) {
  return waitFor(`deployment ${id} to be ${wanted}`, async () => {
    const d = await db().deployment.findUniqueOrThrow({ where: { id } });
    if (d.status === "failed" && wanted !== "failed") throw new Error(`deployment failed: ${d.statusMessage}`);
    return d.status === wanted && (revision === undefined || d.runningRevision === revision) ? d : undefined;
  });
}

const kinds: ProviderKind[] = ["aws-ecs", "azure-aci", "gcp-cloud-run"];

describe.each(kinds)("deploying to %s", (kind) => {
  it("deploys, redeploys, scales, rolls back and destroys, with one cloud resource throughout", async () => {
    const app = await dev.caller.apps.create({ teamId, name: `life-${kind.slice(0, 3)}`, description: "", classification: "internal", baseImageId });
    const { targetId, emulator } = sandbox.byKind[kind];
    const preview = await dev.caller.deployments.preview({ appId: app.id, targetId, ...baseSettings });
    expect(preview.plan?.requests.length).toBeGreaterThan(0);
    expect(preview.decision).toMatchObject({ allowed: true, reasons: [] });

    const first = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings });
    await statusOf(first.id, "running", 1);
    const name = (await db().deployment.findUniqueOrThrow({ where: { id: first.id } })).resourceName;
    expect(emulator.resourceNames().filter((n) => n.includes(name))).toHaveLength(1);

    await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings, image: DIGEST_IMAGE("demo", "b") });
    await statusOf(first.id, "running", 2);
    if (kind !== "azure-aci") {
      await dev.caller.deployments.scale({ id: first.id, minInstances: 2, maxInstances: 3 });
      await statusOf(first.id, "running", 3);
    }
    const rollback = await dev.caller.deployments.rollback({ id: first.id, toRevision: 1 });
    await statusOf(first.id, "running", rollback.desiredRevision);
    const revisions = await db().deploymentRevision.findMany({ where: { deploymentId: first.id }, orderBy: { number: "asc" } });
    expect((revisions.at(-1)!.spec as { image: string }).image).toBe(baseSettings.image);
    expect(emulator.resourceNames().filter((n) => n.includes(name))).toHaveLength(1);

    await dev.caller.deployments.destroy({ id: first.id });
    await statusOf(first.id, "destroyed");
    expect(emulator.resourceNames().filter((n) => n.includes(name))).toHaveLength(0);

    const actions = (await db().auditEvent.findMany({ where: { resourceId: first.id }, orderBy: { sequence: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["deployment.deploy", "deployment.redeploy", "deployment.rollback", "deployment.destroy", "deployment.deploying", "deployment.running", "deployment.destroyed"]));
  });
});

describe("invalid specs are refused before any cloud call", () => {
  async function refusal(kind: ProviderKind, settings: Partial<typeof baseSettings>, appName = "refused") {
    const app = await dev.caller.apps.create({ teamId, name: `${appName}-${kind.slice(0, 3)}-${Math.random().toString(36).slice(2, 6)}`, description: "", classification: "internal", baseImageId });
    const before = JSON.stringify(sandbox.byKind[kind].emulator.requestCounts());
    const error = await dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind[kind].targetId, ...baseSettings, ...settings }).catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(JSON.stringify(sandbox.byKind[kind].emulator.requestCounts())).toBe(before);
    expect(await db().deployment.count({ where: { appId: app.id } })).toBe(0);
    return error as TRPCError;
  }

  it("an image by tag instead of digest names the image field", async () => {
    const error = await refusal("gcp-cloud-run", { image: "registry.example.com/team/demo:latest" });
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause?.message).toMatch(/digest/);
  });

  it("a cpu/memory pair Fargate does not offer names the field and the reason", async () => {
    const error = await refusal("aws-ecs", { cpu: 0.25, memoryMiB: 4096 });
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/memory|cpu/i);
  });

  it("a port out of range names the port", async () => {
    const error = await refusal("azure-aci", { port: 70_000 });
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause?.message).toMatch(/Port must be between 1 and 65535/);
  });

  it("a name the provider does not allow is refused naming it", async () => {
    const error = await refusal("azure-aci", {}, "bad--name");
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/name/i);
  });
});
