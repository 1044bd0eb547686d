import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";

let ops: Awaited<ReturnType<typeof makeCaller>>;
let dev: Awaited<ReturnType<typeof makeCaller>>;
let teamId: string;

beforeAll(async () => {
  teamId = (await makeTeam("Catalog")).id;
  ops = await makeCaller("operator");
  dev = await makeCaller("developer", [teamId]);
});

const digest = (hex: string) => `registry.access.redhat.com/ubi9/ubi@sha256:${hex.repeat(64)}`;
const newImage = (version: string, hex: string) => ({ family: "os" as const, name: "Red Hat UBI", version, reference: digest(hex), endOfLife: "2032-05-31", notes: "" });

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const eventsFor = (resourceId: string) => db().auditEvent.findMany({ where: { resourceId }, orderBy: { sequence: "asc" } });

describe("base image catalog", () => {
  it("an operator adds an image, approved by them, and the addition is audited", async () => {
    const image = await ops.caller.catalog.create(newImage("9.4", "1"));
    expect(image).toMatchObject({ status: "approved", approvedBy: { email: ops.actor.email }, endOfLife: new Date("2032-05-31T00:00:00Z") });
    const [event] = await eventsFor(image.id);
    expect(event).toMatchObject({ action: "base-image.create", outcome: "ok", actorId: ops.actor.userId, after: expect.objectContaining({ reference: digest("1") }) });
    expect((await dev.caller.catalog.list()).map((i) => i.id)).toContain(image.id);
  });

  it("refuses a tag instead of a digest, naming the field", async () => {
    const error = await failure(ops.caller.catalog.create({ ...newImage("9.5", "2"), reference: "registry.access.redhat.com/ubi9/ubi:latest" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause?.message).toMatch(/sha256/);
  });

  it("a developer may read the catalog but not change it; the attempt is audited as denied", async () => {
    const error = await failure(dev.caller.catalog.create(newImage("9.6", "3")));
    expect(error.code).toBe("FORBIDDEN");
    const denied = await db().auditEvent.findFirst({ where: { actorId: dev.actor.userId, outcome: "denied", action: "catalog.create" } });
    expect(denied).not.toBeNull();
  });

  it("restricting goes forward only: from approved or deprecated, never back to deprecated, and on to revoked", async () => {
    const image = await makeBaseImage({ name: "JBoss EAP", version: "7.3", status: "deprecated" });
    const restricted = await ops.caller.catalog.restrict({ id: image.id, reason: "EAP 7.3 leaves maintenance" });
    expect(restricted.status).toBe("restricted");
    expect((await failure(ops.caller.catalog.deprecate({ id: image.id, reason: "back" }))).code).toBe("CONFLICT");
    expect((await failure(ops.caller.catalog.restrict({ id: image.id, reason: "again" }))).code).toBe("CONFLICT");
    expect((await ops.caller.catalog.revoke({ id: image.id, reason: "end of support" })).status).toBe("revoked");
    const actions = (await eventsFor(image.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(["base-image.restrict:ok", "base-image.deprecate:denied", "base-image.restrict:denied", "base-image.revoke:ok"]);
  });

  it("deprecating names a successor and records before and after; a revoked image is final", async () => {
    const old = await makeBaseImage({ name: "Red Hat UBI", version: "8.10" });
    const successor = await makeBaseImage({ name: "Red Hat UBI", version: "9.5" });
    const deprecated = await ops.caller.catalog.deprecate({ id: old.id, successorId: successor.id, reason: "UBI 8 leaves full support" });
    expect(deprecated).toMatchObject({ status: "deprecated", successor: { id: successor.id } });
    const revoked = await ops.caller.catalog.revoke({ id: old.id, reason: "CVE-2026-0001 in glibc" });
    expect(revoked).toMatchObject({ status: "revoked", successor: { id: successor.id } });
    expect((await failure(ops.caller.catalog.revoke({ id: old.id, reason: "again" }))).code).toBe("CONFLICT");

    // The refused second revocation is on the image's timeline too, as denied (a conflict).
    const events = await eventsFor(old.id);
    expect(events.map((e) => `${e.action} ${e.outcome}`)).toEqual(["base-image.deprecate ok", "base-image.revoke ok", "base-image.revoke denied"]);
    expect(events[1]).toMatchObject({ reason: "CVE-2026-0001 in glibc", before: expect.objectContaining({ status: "deprecated" }), after: expect.objectContaining({ status: "revoked" }) });
    expect(events[2]).toMatchObject({ after: { refusal: "conflict" } });
  });

  it("a successor must itself be approved", async () => {
    const revoked = await makeBaseImage({ status: "revoked" });
    const image = await makeBaseImage();
    const error = await failure(ops.caller.catalog.deprecate({ id: image.id, successorId: revoked.id, reason: "old" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/successor must be approved/);
  });

  it("an app cannot declare a revoked base image", async () => {
    const revoked = await makeBaseImage({ status: "revoked" });
    const error = await failure(dev.caller.apps.create({ teamId, name: "on-revoked", description: "", classification: "internal", baseImageId: revoked.id }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/revoked/);
    expect(await db().app.count({ where: { name: "on-revoked" } })).toBe(0);
  });
});

describe("catalog impact", () => {
  it("lists per image the apps on it and their live deployments, for operators only", async () => {
    const image = await makeBaseImage();
    const app = await dev.caller.apps.create({ teamId, name: "impacted", description: "", classification: "internal", baseImageId: image.id });
    const target = await db().target.create({ data: { name: "impact-target", kind: "aws-ecs", region: "eu-west-1", coordinates: {}, credentials: Buffer.from("x") } });
    await db().deployment.create({ data: { appId: app.id, teamId, targetId: target.id, resourceName: "impacted-1", status: "running", desiredRevision: 1 } });

    const impact = await ops.caller.catalog.impact();
    expect(impact.find((i) => i.id === image.id)?.apps).toEqual([
      expect.objectContaining({ name: "impacted", deployments: [expect.objectContaining({ status: "running", target: { name: "impact-target" } })] }),
    ]);
    expect((await failure(dev.caller.catalog.impact())).code).toBe("FORBIDDEN");
  });
});
