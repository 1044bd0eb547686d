import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { InvalidInputError } from "@/server/errors";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

// A registered target's life through the router, against the sandbox clouds: test its connection, edit it, rotate
// its credentials, disable and enable it, delete it.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 100 });
});
afterAll(() => sandbox?.stop());

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: TRPCError) => error);

async function register(name: string, kind: "aws-ecs" | "azure-aci" | "gcp-cloud-run" = "aws-ecs") {
  const operator = await makeCaller("operator");
  const existing = await db().target.findUniqueOrThrow({ where: { id: sandbox.byKind[kind].targetId } });
  const cloud = sandbox.clouds[kind];
  const target = await operator.caller.targets.create({ name, coordinates: existing.coordinates as never, credentials: cloud.credentials as never, endpoint: cloud.endpoint, caCertificate: cloud.caCertificate });
  return { operator, target };
}

async function checked(operator: Awaited<ReturnType<typeof makeCaller>>, targetId: string) {
  const { id } = await operator.caller.targets.testConnection({ id: targetId });
  return waitFor("the connection check", async () => {
    const check = await operator.caller.targets.connectionCheck({ id });
    return check.status === "queued" ? undefined : check;
  });
}

describe("target lifecycle", () => {
  it("tests the connection: the provider's answer when it accepts, its refusal when it does not", async () => {
    const { operator, target } = await register("life-check", "azure-aci");
    expect(await checked(operator, target.id)).toMatchObject({ status: "passed", message: expect.stringMatching(/^Azure answered for resource group "sandbox"/) });
    await operator.caller.targets.rotateCredentials({ id: target.id, credentials: { ...sandbox.clouds["azure-aci"].credentials, clientSecret: "not-the-secret" } as never });
    expect(await checked(operator, target.id)).toMatchObject({ status: "failed", message: expect.stringMatching(/AADSTS7000215/) });
    const listed = (await operator.caller.targets.list()).find((t) => t.id === target.id)!;
    expect(listed.lastCheck).toMatchObject({ status: "failed" });
    const trail = await db().auditEvent.findMany({ where: { resourceId: target.id, action: "target.connection-check" }, orderBy: { sequence: "asc" } });
    expect(trail.map((e) => e.outcome)).toEqual(["ok", "failed"]);
  });

  it("edits what is not where deployments live, and refuses to move those, naming each field", async () => {
    const { operator, target } = await register("life-edit");
    const coordinates = target.coordinates;
    if (coordinates.kind !== "aws-ecs") throw new Error("registered on ECS, so its coordinates name a cluster");
    const edited = await operator.caller.targets.update({ id: target.id, name: "life-edited", coordinates: { ...coordinates, subnets: ["subnet-9"] } as never, labels: { zone: "private" } });
    expect(edited).toMatchObject({ name: "life-edited", labels: { zone: "private" }, coordinates: expect.objectContaining({ subnets: ["subnet-9"] }) });
    const moved = await refusal(operator.caller.targets.update({ id: target.id, name: "life-edited", coordinates: { ...coordinates, cluster: "elsewhere", region: "us-east-1" } as never, labels: {} }));
    expect(moved).toMatchObject({ code: "BAD_REQUEST" });
    const cause = moved?.cause;
    if (!(cause instanceof InvalidInputError)) throw new Error(`expected the refusal to name its fields, got ${String(cause)}`);
    expect(cause.problems.map((p) => p.field).sort()).toEqual(["coordinates.cluster", "coordinates.region"]);
    expect((await db().target.findUniqueOrThrow({ where: { id: target.id } })).coordinates).toMatchObject({ cluster: coordinates.cluster });
  });

  it("rotates credentials: the audit trail keeps the old and new fingerprints, never a secret; the provider's kind must match", async () => {
    const { operator, target } = await register("life-rotate");
    const before = target.credentialsSummary!.fingerprint;
    const rotated = await operator.caller.targets.rotateCredentials({ id: target.id, credentials: { ...sandbox.clouds["aws-ecs"].credentials, assumeRole: undefined } as never });
    expect(rotated.credentialsSummary!.fingerprint).not.toBe(before);
    expect(rotated.credentialsSummary!.identity).toMatch(/^access key AKIA…0000$/);
    const event = await db().auditEvent.findFirstOrThrow({ where: { resourceId: target.id, action: "target.rotate-credentials" } });
    expect(event.before).toMatchObject({ credentials: { fingerprint: before } });
    expect(event.after).toMatchObject({ credentials: { fingerprint: rotated.credentialsSummary!.fingerprint } });
    expect(JSON.stringify([event.before, event.after])).not.toContain(sandbox.clouds["aws-ecs"].credentials.secretAccessKey);
    expect(await checked(operator, target.id)).toMatchObject({ status: "passed" });
    expect(await refusal(operator.caller.targets.rotateCredentials({ id: target.id, credentials: sandbox.clouds["gcp-cloud-run"].credentials as never }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("disabled, a target takes no deploy or preview (refused naming it, audited); what runs on it can still be destroyed; deleting it is refused naming what lives on it", async () => {
    const { operator, target } = await register("life-disable");
    const teamId = (await makeTeam("Life")).id;
    const developer = await makeCaller("developer", [teamId]);
    const baseImageId = (await makeBaseImage()).id;
    const app = await developer.caller.apps.create({ teamId, name: "life-app", description: "", classification: "internal", baseImageId });
    const deployment = await developer.caller.deployments.deploy({ appId: app.id, targetId: target.id, ...baseSettings });
    await waitFor("the deployment to run", async () => (await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } })).status === "running");

    // Developers see what they deploy by, not how Bulkhead reaches the cloud.
    const seen = (await developer.caller.targets.list()).find((t) => t.id === target.id)!;
    expect(seen).toMatchObject({ name: "life-disable", endpoint: null, caCertificate: null, credentialsSummary: null, lastCheck: null });

    await operator.caller.targets.disable({ id: target.id, reason: "account migration" });
    const other = await developer.caller.apps.create({ teamId, name: "life-other", description: "", classification: "internal", baseImageId });
    for (const attempt of [() => developer.caller.deployments.deploy({ appId: other.id, targetId: target.id, ...baseSettings }), () => developer.caller.deployments.preview({ appId: other.id, targetId: target.id, ...baseSettings })]) {
      expect(await refusal(attempt())).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Target life-disable is disabled \(account migration\)/) });
    }
    expect(await db().auditEvent.count({ where: { requestId: developer.meta.requestId, outcome: "denied", resourceType: "target" } })).toBeGreaterThan(0);

    const refused = await refusal(operator.caller.targets.delete({ id: target.id }));
    expect(refused).toMatchObject({ code: "CONFLICT", message: "life-disable still has 1 live deployment: life-app of Life (running). Destroy it first" });
    expect(await db().auditEvent.count({ where: { resourceId: target.id, action: "target.delete", outcome: "denied" } })).toBe(1);

    await developer.caller.deployments.destroy({ id: deployment.id });
    await waitFor("the deployment to be destroyed", async () => (await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } })).status === "destroyed");
    await operator.caller.targets.enable({ id: target.id });
    await operator.caller.targets.delete({ id: target.id });
    expect(await db().target.findUnique({ where: { id: target.id } })).toBeNull();
    expect(await db().auditEvent.count({ where: { resourceId: target.id, action: "target.delete", outcome: "ok" } })).toBe(1);
  });
});
