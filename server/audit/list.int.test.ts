// audit.list filters, as a compliance officer calls them: each alone, combined, and with pagination.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeCaller } from "@/testing/callers";
import { recordAudit } from "./record";
import type { AuditEntry } from "./record";

let compliance: Awaited<ReturnType<typeof makeCaller>>;
let alice: Awaited<ReturnType<typeof makeCaller>>;
let middle: Date;

const entries: AuditEntry[] = [
  { action: "app.create", outcome: "ok", resourceType: "app", resourceId: "app-1", teamId: "team-a" },
  { action: "app.update", outcome: "ok", resourceType: "app", resourceId: "app-1", teamId: "team-a" },
  { action: "app.delete", outcome: "denied", resourceType: "app", resourceId: "app-2", teamId: "team-b" },
  { action: "target.create", outcome: "failed", resourceType: "target", resourceId: "target-1" },
];

beforeAll(async () => {
  compliance = await makeCaller("compliance");
  alice = await makeCaller("developer");
  for (const [index, entry] of entries.entries()) {
    await recordAudit(db(), index % 2 ? compliance : alice, entry);
    if (index === 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      middle = new Date();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});

type Filter = Parameters<typeof compliance.caller.audit.list>[0];
const actions = async (filter: Filter) =>
  (await compliance.caller.audit.list(filter)).events.map((event) => event.action);

describe("audit.list filters", () => {
  // "alice" stands for her user id, made in beforeAll.
  it.each<[Omit<Filter, "limit">, string[]]>([
    [{ actorId: "alice" }, ["app.delete", "app.create"]],
    [{ action: "app.update" }, ["app.update"]],
    [{ resourceType: "app", resourceId: "app-1" }, ["app.update", "app.create"]],
    [{ resourceType: "target" }, ["target.create"]],
    [{ teamId: "team-b" }, ["app.delete"]],
    [{ outcome: "failed" }, ["target.create"]],
    [{ teamId: "team-a", actorId: "alice" }, ["app.create"]],
  ])("%o", async (filter, expected) => {
    const actorId = filter.actorId === "alice" ? alice.actor.userId : filter.actorId;
    expect(await actions({ limit: 50, ...filter, actorId })).toEqual(expected);
  });

  it("takes a time range, start included and end excluded", async () => {
    expect(await actions({ limit: 50, from: middle, actorId: alice.actor.userId })).toEqual(["app.delete"]);
    expect(await actions({ limit: 50, to: middle, resourceType: "app" })).toEqual(["app.update", "app.create"]);
  });

  it("pages through filtered results", async () => {
    const first = await compliance.caller.audit.list({ limit: 1, resourceType: "app" });
    const second = await compliance.caller.audit.list({ limit: 5, resourceType: "app", cursor: first.nextCursor! });
    expect([...first.events, ...second.events].map((event) => event.action)).toEqual(["app.delete", "app.update", "app.create"]);
    expect(second.nextCursor).toBeNull();
  });

  it("finds an actor by part of a name or an email, in any case, and actions by prefix", async () => {
    await db().user.update({ where: { id: alice.actor.userId }, data: { name: "Alice Liddell" } });
    expect(await actions({ limit: 50, actor: "LIDDELL" })).toEqual(["app.delete", "app.create"]);
    expect(await actions({ limit: 50, actor: alice.actor.email.slice(0, 12).toUpperCase() })).toEqual(["app.delete", "app.create"]);
    expect(await actions({ limit: 50, action: "app.*" })).toEqual(["app.delete", "app.update", "app.create"]);
    expect(await actions({ limit: 50, action: "app.*", actor: "liddell", outcome: "denied" })).toEqual(["app.delete"]);
    // A wildcard is a prefix, never a pattern: "%" and "_" match themselves.
    expect(await actions({ limit: 50, actor: "%" })).toEqual([]);
    await expect(compliance.caller.audit.list({ limit: 5, action: "a*p.update" })).rejects.toThrow(/a \* only at the end/);
  });

  it("names resources, teams and actors in words, and says the filters in words", async () => {
    const team = await db().team.create({ data: { slug: `named-${Date.now()}`, name: "Storefront" } });
    const app = await db().app.create({ data: { teamId: team.id, name: "checkout", classification: "internal" } });
    await recordAudit(db(), alice, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: app.id, teamId: team.id });
    const page = await compliance.caller.audit.list({ limit: 5, resourceType: "app", resourceId: app.id, teamId: team.id, actorId: alice.actor.userId, action: "app.*" });
    expect(page.names).toMatchObject({ [`app:${app.id}`]: "checkout", [`team:${team.id}`]: "Storefront", [`user:${alice.actor.userId}`]: `Alice Liddell (${alice.actor.email})` });
    expect(page.chips.map((chip) => `${chip.label}: ${chip.value}`)).toEqual([`Actor: Alice Liddell (${alice.actor.email})`, "Action: any app action", "Resource: app checkout", "Team: Storefront"]);
    expect(JSON.stringify(page.chips)).not.toContain(app.id);
  });

  it("is read by admins too, and by nobody else", async () => {
    const admin = await makeCaller("admin");
    expect((await admin.caller.audit.list({ limit: 5 })).events.length).toBeGreaterThan(0);
    const operator = await makeCaller("operator");
    await expect(operator.caller.audit.list({ limit: 5 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a resource id without its type, and an empty time range", async () => {
    await expect(compliance.caller.audit.list({ limit: 5, resourceId: "app-1" })).rejects.toThrow();
    await expect(compliance.caller.audit.list({ limit: 5, from: middle, to: middle })).rejects.toThrow();
  });
});
