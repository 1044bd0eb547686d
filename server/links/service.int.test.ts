import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { fieldErrorsOf } from "@/server/trpc/errors";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";

// The link service through the real tRPC callers (same middleware as HTTP): who may request, decide, revoke and
// see a link, and what the audit trail keeps of each attempt.

type Person = Awaited<ReturnType<typeof makeCaller>>;
let shop: string, pay: string, imageId: string;
let shopDev: Person, shopDev2: Person, payDev: Person, ops: Person, admin: Person, audit: Person;

beforeAll(async () => {
  shop = (await makeTeam("Shop")).id;
  pay = (await makeTeam("Pay")).id;
  imageId = (await makeBaseImage()).id;
  shopDev = await makeCaller("developer", [shop]);
  shopDev2 = await makeCaller("developer", [shop]);
  payDev = await makeCaller("developer", [pay]);
  ops = await makeCaller("operator");
  admin = await makeCaller("admin");
  audit = await makeCaller("compliance");
});

let counter = 0;
const app = (person: Person, teamId: string) => person.caller.apps.create({ teamId, name: `app-${++counter}`, description: "", classification: "internal", baseImageId: imageId });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const eventsOf = (linkId: string) => db().auditEvent.findMany({ where: { resourceType: "network-link", resourceId: linkId }, orderBy: { sequence: "asc" } });

/** Two apps of the shop team and a pending link between them, requested by shopDev. */
async function sameTeamRequest(port = 8080) {
  const [a, b] = [await app(shopDev, shop), await app(shopDev, shop)];
  const link = await shopDev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port, reason: "orders call billing" });
  return { a, b, link };
}

describe("requesting a link", () => {
  it("records the request, pending, with an ok audit event holding the route", async () => {
    const { a, b, link } = await sameTeamRequest();
    expect(link).toMatchObject({ status: "requested", port: 8080, from: { id: a.id }, to: { id: b.id }, requestedBy: shopDev.actor.email, can: { approve: false, revoke: true } });
    const [event] = await eventsOf(link.id);
    expect(event).toMatchObject({ action: "link.request", outcome: "ok", actorId: shopDev.actor.userId, teamId: shop, before: null });
    expect(event.after).toMatchObject({ status: "requested", port: 8080, from: { appId: a.id }, to: { appId: b.id } });
  });

  it("refuses a second active link for the same route, naming it, and allows it again once the first is rejected", async () => {
    const { a, b, link } = await sameTeamRequest();
    const duplicate = await refusal(shopDev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" }));
    expect(duplicate.code).toBe("CONFLICT");
    expect(duplicate.message).toMatch(new RegExp(`${a.name} to ${b.name} on port 8080 is already requested or approved`));
    await shopDev2.caller.links.reject({ id: link.id, note: "use the queue" });
    await expect(shopDev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "again" })).resolves.toMatchObject({ status: "requested" });
  });

  it("refuses a link of an app to itself and a port out of range, naming the field, and writes nothing", async () => {
    const a = await app(shopDev, shop);
    const self = await refusal(shopDev.caller.links.request({ fromAppId: a.id, toAppId: a.id, port: 8080, reason: "" }));
    expect(self.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(self)).toEqual({ toAppId: ["An app needs no link to itself"] });
    const port = await refusal(shopDev.caller.links.request({ fromAppId: a.id, toAppId: (await app(shopDev, shop)).id, port: 70000, reason: "" }));
    expect(fieldErrorsOf(port)).toEqual({ port: ["Port must be between 1 and 65535"] });
    expect(await db().networkLink.count({ where: { fromAppId: a.id } })).toBe(0);
  });

  it("lets only a developer of the caller app's team request; others are refused and audited as denied", async () => {
    const [a, b] = [await app(shopDev, shop), await app(shopDev, shop)];
    const foreign = await refusal(payDev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" }));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", message: "App not found" });
    for (const person of [ops, audit]) expect((await refusal(person.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" }))).code).toBe("FORBIDDEN");
    const denied = await db().auditEvent.findMany({ where: { action: "link.request", resourceId: a.id, outcome: "denied" } });
    expect(denied.map((e) => e.actorId).sort()).toEqual([payDev, ops, audit].map((p) => p.actor.userId).sort());
    expect(await db().networkLink.count({ where: { fromAppId: a.id } })).toBe(0);
  });

  it("lets a developer of the caller's team request a link to another team's app by its id", async () => {
    const [a, b] = [await app(shopDev, shop), await app(payDev, pay)];
    await expect(shopDev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "checkout pays" })).resolves.toMatchObject({ crossTeam: true, to: { name: b.name } });
  });
});

describe("deciding a link (four eyes)", () => {
  it("never lets the requester approve their own request; another team member may, with before and after audited", async () => {
    const { link } = await sameTeamRequest();
    const own = await refusal(shopDev.caller.links.approve({ id: link.id, note: "" }));
    expect(own.code).toBe("FORBIDDEN");
    expect(own.message).toMatch(/four eyes/);
    const approved = await shopDev2.caller.links.approve({ id: link.id, note: "reviewed" });
    expect(approved).toMatchObject({ link: { status: "approved", decidedBy: shopDev2.actor.email, decisionNote: "reviewed" }, redeployed: [] });
    const events = await eventsOf(link.id);
    expect(events.map((e) => [e.action, e.outcome, e.actorId])).toEqual([
      ["link.request", "ok", shopDev.actor.userId],
      ["link.approve", "denied", shopDev.actor.userId],
      ["link.approve", "ok", shopDev2.actor.userId],
    ]);
    expect(events[1].reason).toMatch(/four eyes/);
    expect(events[2].before).toMatchObject({ status: "requested", decidedById: null });
    expect(events[2].after).toMatchObject({ status: "approved", decidedById: shopDev2.actor.userId, decisionNote: "reviewed" });
  });

  it("lets operators and admins decide any link; compliance officers and foreign developers never", async () => {
    const first = await sameTeamRequest();
    const second = await sameTeamRequest();
    expect((await refusal(audit.caller.links.approve({ id: first.link.id, note: "" }))).code).toBe("FORBIDDEN");
    expect(await refusal(payDev.caller.links.approve({ id: first.link.id, note: "" }))).toMatchObject({ code: "NOT_FOUND", message: "Link not found" });
    await expect(ops.caller.links.approve({ id: first.link.id, note: "" })).resolves.toMatchObject({ link: { status: "approved" } });
    await expect(admin.caller.links.reject({ id: second.link.id, note: "no" })).resolves.toMatchObject({ link: { status: "rejected", decidedBy: admin.actor.email } });
  });

  it("leaves a cross-team link to operators and admins, not to either team", async () => {
    const [a, b] = [await app(shopDev, shop), await app(payDev, pay)];
    const link = await shopDev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" });
    for (const person of [shopDev2, payDev]) {
      const error = await refusal(person.caller.links.approve({ id: link.id, note: "" }));
      expect(error.message).toMatch(/between two teams is approved by an operator or an admin/);
    }
    expect((await payDev.caller.links.forApp({ appId: b.id })).inbound).toEqual([expect.objectContaining({ id: link.id, can: { approve: false, reject: false, revoke: true } })]);
    await expect(ops.caller.links.approve({ id: link.id, note: "" })).resolves.toMatchObject({ link: { status: "approved" } });
  });

  it("decides a request once: a second decision is a conflict and changes nothing", async () => {
    const { link } = await sameTeamRequest();
    await shopDev2.caller.links.reject({ id: link.id, note: "" });
    const again = await refusal(ops.caller.links.approve({ id: link.id, note: "" }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/is rejected; only a requested link can be approved/);
    expect(await db().networkLink.findUnique({ where: { id: link.id } })).toMatchObject({ status: "rejected", decidedById: shopDev2.actor.userId });
  });

  it("lets two approvers racing each other win once", async () => {
    const { link } = await sameTeamRequest();
    const results = await Promise.allSettled([shopDev2.caller.links.approve({ id: link.id, note: "" }), ops.caller.links.approve({ id: link.id, note: "" })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await eventsOf(link.id)).filter((e) => e.action === "link.approve" && e.outcome === "ok")).toHaveLength(1);
  });
});

describe("revoking a link", () => {
  it("lets either team's developers, operators and admins revoke; not compliance officers or strangers", async () => {
    const [a, b] = [await app(shopDev, shop), await app(payDev, pay)];
    const revokers = [shopDev, payDev, ops, admin];
    for (const person of revokers) {
      const link = await shopDev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" });
      await ops.caller.links.approve({ id: link.id, note: "" });
      const stranger = await makeCaller("developer", [(await makeTeam("Stranger")).id]);
      expect((await refusal(stranger.caller.links.revoke({ id: link.id, note: "" }))).code).toBe("NOT_FOUND");
      expect((await refusal(audit.caller.links.revoke({ id: link.id, note: "" }))).code).toBe("FORBIDDEN");
      const revoked = await person.caller.links.revoke({ id: link.id, note: "no longer needed" });
      expect(revoked.link).toMatchObject({ status: "revoked", revokedBy: person.actor.email, can: { revoke: false } });
      const last = (await eventsOf(link.id)).at(-1)!;
      expect(last).toMatchObject({ action: "link.revoke", outcome: "ok", actorId: person.actor.userId });
      expect(last.before).toMatchObject({ status: "approved" });
      expect(last.after).toMatchObject({ status: "revoked", revokedById: person.actor.userId });
    }
  });

  it("lets the requester withdraw a pending request", async () => {
    const { link } = await sameTeamRequest();
    await expect(shopDev.caller.links.revoke({ id: link.id, note: "" })).resolves.toMatchObject({ link: { status: "revoked" } });
    expect((await refusal(shopDev.caller.links.revoke({ id: link.id, note: "" }))).code).toBe("CONFLICT");
  });
});

describe("tenant isolation and lists", () => {
  it("shows an app's links only to its team and the platform roles; others get not found, audited as denied", async () => {
    const { a, b, link } = await sameTeamRequest();
    const listed = await shopDev2.caller.links.forApp({ appId: a.id });
    expect(listed.outbound.map((l) => l.id)).toEqual([link.id]);
    expect(listed.inbound).toEqual([]);
    expect((await shopDev2.caller.links.forApp({ appId: b.id })).inbound.map((l) => l.id)).toEqual([link.id]);
    for (const person of [ops, admin, audit]) expect((await person.caller.links.forApp({ appId: a.id })).outbound).toHaveLength(1);
    expect(await refusal(payDev.caller.links.forApp({ appId: a.id }))).toMatchObject({ code: "NOT_FOUND", message: "App not found" });
    expect(await db().auditEvent.findFirst({ where: { action: "link.list", resourceId: a.id, actorId: payDev.actor.userId } })).toMatchObject({ outcome: "denied" });
  });

  it("lists pending approvals for whoever may decide them, and none of another team's", async () => {
    const { link } = await sameTeamRequest();
    const ids = async (person: Person) => (await person.caller.links.pending()).map((l) => l.id);
    expect(await ids(shopDev2)).toContain(link.id);
    expect(await ids(ops)).toContain(link.id);
    expect(await ids(admin)).toContain(link.id);
    expect(await ids(shopDev)).not.toContain(link.id);
    expect(await ids(payDev)).toEqual([]);
    expect(await ids(audit)).toEqual([]);
  });

  it("offers as callees only the caller's own teams' apps, never another team's", async () => {
    const a = await app(shopDev, shop);
    const foreign = await app(payDev, pay);
    const callees = await shopDev.caller.links.callees({ appId: a.id });
    expect(callees.map((c) => c.id)).not.toContain(foreign.id);
    expect(callees.map((c) => c.id)).not.toContain(a.id);
    expect(callees.length).toBeGreaterThan(0);
    expect(callees.every((c) => c.team === "Shop" && c.port === null)).toBe(true);
  });
});
