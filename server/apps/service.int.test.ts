import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";

let teamA: { id: string };
let teamB: { id: string };
let devA: Awaited<ReturnType<typeof makeCaller>>;
let devB: Awaited<ReturnType<typeof makeCaller>>;
let baseImageId: string;

beforeAll(async () => {
  teamA = await makeTeam("Alpha");
  teamB = await makeTeam("Beta");
  devA = await makeCaller("developer", [teamA.id]);
  devB = await makeCaller("developer", [teamB.id]);
  baseImageId = (await makeBaseImage()).id;
});

const newApp = (teamId: string, name: string) => ({ teamId, name, description: "test", classification: "internal" as const, baseImageId });

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

describe("apps: tenant isolation", () => {
  it("answers not found for another team's app by id and audits the attempt as denied", async () => {
    const secret = await devB.caller.apps.create(newApp(teamB.id, "beta-secret"));
    const missing = await codeOf(devA.caller.apps.get({ id: "00000000-0000-4000-8000-000000000000" }));
    const foreign = await codeOf(devA.caller.apps.get({ id: secret.id }));
    expect(foreign).toBe("NOT_FOUND");
    expect(foreign).toBe(missing);

    const denied = await db().auditEvent.findMany({ where: { actorId: devA.actor.userId, outcome: "denied" } });
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ action: "app.read", resourceType: "app", resourceId: secret.id, teamId: teamB.id, requestId: devA.meta.requestId, sourceIp: "127.0.0.9", userAgent: "vitest" });
  });

  it("hides foreign apps from lists and refuses changing or deleting them, auditing each refusal", async () => {
    const app = await devB.caller.apps.create(newApp(teamB.id, "beta-hidden"));
    expect((await devA.caller.apps.list({})).map((a) => a.id)).not.toContain(app.id);
    expect((await devA.caller.apps.list({ teamId: teamB.id })).length).toBe(0);
    expect(await codeOf(devA.caller.apps.update({ id: app.id, name: "stolen" }))).toBe("NOT_FOUND");
    expect(await codeOf(devA.caller.apps.delete({ id: app.id }))).toBe("NOT_FOUND");
    expect(await codeOf(devA.caller.apps.create(newApp(teamB.id, "intruder")))).toBe("NOT_FOUND");

    expect(await db().app.findUnique({ where: { id: app.id } })).toMatchObject({ name: "beta-hidden" });
    const actions = (await db().auditEvent.findMany({ where: { actorId: devA.actor.userId, outcome: "denied", teamId: teamB.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["app.update", "app.delete", "app.create"]));
  });

  it("lets platform roles read but not change a team's apps", async () => {
    const app = await devA.caller.apps.create(newApp(teamA.id, "alpha-visible"));
    const operator = await makeCaller("operator");
    expect((await operator.caller.apps.get({ id: app.id })).name).toBe("alpha-visible");
    expect(await codeOf(operator.caller.apps.update({ id: app.id, description: "x" }))).toBe("FORBIDDEN");
  });

  it("keeps the audit list to compliance officers and audits the refusal", async () => {
    expect(await codeOf(devA.caller.audit.list({}))).toBe("FORBIDDEN");
    const refusal = await db().auditEvent.findFirst({ where: { actorId: devA.actor.userId, action: "audit.list" } });
    expect(refusal?.outcome).toBe("denied");
  });
});

describe("apps: changes and their audit events", () => {
  it("writes one audit event per change, in the same transaction, with before and after", async () => {
    const created = await devA.caller.apps.create(newApp(teamA.id, "audited"));
    await devA.caller.apps.update({ id: created.id, description: "changed" });
    await devA.caller.apps.delete({ id: created.id });

    const events = await db().auditEvent.findMany({ where: { resourceId: created.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["app.create", "ok"],
      ["app.update", "ok"],
      ["app.delete", "ok"],
    ]);
    expect(events[1].before).toMatchObject({ description: "test" });
    expect(events[1].after).toMatchObject({ description: "changed" });
    expect(events[2].after).toBeNull();
    expect(events.every((e) => e.actorEmail === devA.actor.email && e.actorRole === "developer")).toBe(true);
  });

  it("refuses a duplicate name naming the field: no ok event for the rolled-back change, the refusal audited as denied", async () => {
    await devA.caller.apps.create(newApp(teamA.id, "twin"));
    const before = await db().auditEvent.count();
    const error = await devA.caller.apps.create(newApp(teamA.id, "twin")).catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: "CONFLICT" });
    const written = await db().auditEvent.findMany({ where: { sequence: { gt: BigInt(before) } } });
    expect(written).toMatchObject([{ action: "app.create", outcome: "denied", after: { refusal: "conflict" } }]);
    expect(await db().app.count({ where: { teamId: teamA.id, name: "twin" } })).toBe(1);
  });

  it("rejects bad input naming the field, writing nothing", async () => {
    const before = await db().app.count();
    const error = await devA.caller.apps.create(newApp(teamA.id, "x".repeat(300))).catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(await db().app.count()).toBe(before);
  });

  it("refuses at once an app on an image past its end of life, naming the date and the successor, writing nothing", async () => {
    const successor = await makeBaseImage({ name: "UBI", version: "10.0" });
    const ended = await makeBaseImage({ name: "UBI", version: "8.10", endOfLife: new Date(Date.UTC(2026, 0, 31)), successorId: successor.id });
    const apps = await db().app.count();
    const error = await devA.caller.apps.create({ ...newApp(teamA.id, "on-ended-image"), baseImageId: ended.id }).catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((error as TRPCError).message).toContain("UBI 8.10 reached its end of life on 2026-01-31; choose its successor UBI 10.0");
    expect(await db().app.count()).toBe(apps);
    // Nor may an existing app switch to it; one that keeps its image is not a new choice.
    const app = await devA.caller.apps.create(newApp(teamA.id, "switching"));
    await expect(devA.caller.apps.update({ id: app.id, baseImageId: ended.id })).rejects.toThrow(/reached its end of life on 2026-01-31/);
    // An image whose end of life is still ahead is fine.
    const ending = await makeBaseImage({ endOfLife: new Date(Date.now() + 5 * 24 * 60 * 60 * 1000) });
    await expect(devA.caller.apps.update({ id: app.id, baseImageId: ending.id })).resolves.toMatchObject({ id: app.id });
  });
});
