// Role and teams follow the IdP groups at every single sign-on, in one transaction with the audit event;
// an unmapped user is refused and the refusal audited. Real Postgres (one database for this file).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db, type Tx } from "@/server/db/client";
import type { GroupMap } from "./oidc-config";
import { assertMappedTeamsExist, resolveOrRefuse, SSO_SIGN_IN_ACTION, SsoRefusedError, syncSsoUser } from "./oidc-sync";

const meta = { requestId: "sso-sync-test", sourceIp: "127.0.0.7", userAgent: "vitest" };
let map: GroupMap;
let teams: Record<"storefront" | "payments" | "search", string>;

beforeAll(async () => {
  const made = await Promise.all(["storefront", "payments", "search"].map((slug) => db().team.create({ data: { slug, name: slug[0].toUpperCase() + slug.slice(1) } })));
  teams = Object.fromEntries(made.map((team) => [team.slug, team.id])) as typeof teams;
  map = {
    "storefront-devs": { team: "storefront", role: "developer" },
    "payments-devs": { team: "payments" },
    "platform-ops": { role: "operator" },
  };
});

async function ssoUser(role: "developer" | "admin" = "developer", teamIds: string[] = []) {
  const id = randomUUID();
  return db().user.create({
    data: { id, email: `sso-${id.slice(0, 8)}@corp.example`, name: "SSO User", role, memberships: { create: teamIds.map((teamId) => ({ teamId })) } },
  });
}

const state = async (userId: string) => {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, memberships: { select: { teamId: true } } } });
  return { role: user.role, teamIds: user.memberships.map((m) => m.teamId).sort() };
};

const eventsFor = (resourceId: string | null, outcome: "ok" | "denied") =>
  db().auditEvent.findMany({ where: { action: SSO_SIGN_IN_ACTION, resourceId, outcome }, orderBy: { sequence: "asc" } });

describe("syncSsoUser", () => {
  it("creates the team a group map entry may create at the first sign-in that needs it, once, audited; an archived team grants nothing", async () => {
    const creating: GroupMap = { ...map, "data-devs": { team: "data-platform", create: true, teamName: "Data Platform" }, "search-devs": { team: "search" } };
    await assertMappedTeamsExist(db(), creating);
    const [first, second] = [await ssoUser(), await ssoUser()];
    await Promise.all([first, second].map((user) => syncSsoUser(db(), { userId: user.id, email: user.email, groups: ["data-devs"], meta }, creating)));
    const made = await db().team.findUniqueOrThrow({ where: { slug: "data-platform" } });
    expect(made.name).toBe("Data Platform");
    expect(await state(first.id)).toEqual({ role: "developer", teamIds: [made.id] });
    expect(await state(second.id)).toEqual({ role: "developer", teamIds: [made.id] });
    const created = await db().auditEvent.findMany({ where: { action: "team.create", resourceId: made.id } });
    expect(created).toHaveLength(1);
    expect(created[0].reason).toMatch(/first single sign-on of a member of data-devs/);

    await db().team.update({ where: { id: teams.search }, data: { archivedAt: new Date() } });
    const archivedMember = await ssoUser();
    await syncSsoUser(db(), { userId: archivedMember.id, email: archivedMember.email, groups: ["search-devs", "storefront-devs"], meta }, creating);
    expect(await state(archivedMember.id)).toEqual({ role: "developer", teamIds: [teams.storefront] });
    await db().team.update({ where: { id: teams.search }, data: { archivedAt: null } });
    // The start-up check below lists the teams there are: leave them as they were.
    await db().team.delete({ where: { id: made.id } });
  });

  it("gives a new SSO user the mapped role and team, and audits before and after", async () => {
    const user = await ssoUser();
    const resolution = await syncSsoUser(db(), { userId: user.id, email: user.email, groups: ["storefront-devs", "all-staff"], meta }, map);
    expect(resolution).toEqual({ role: "developer", teamSlugs: ["storefront"], creatable: {}, matchedGroups: ["storefront-devs"] });
    expect(await state(user.id)).toEqual({ role: "developer", teamIds: [teams.storefront] });
    const [event] = await eventsFor(user.id, "ok");
    expect(event).toMatchObject({
      actorId: user.id,
      actorEmail: user.email,
      actorRole: "developer",
      resourceType: "user",
      before: { role: "developer", teams: [] },
      after: { role: "developer", teams: ["storefront"], groups: ["storefront-devs"] },
      sourceIp: "127.0.0.7",
    });
  });

  it("makes the IdP the source of truth: changed groups move role and teams, a hand-granted team is removed", async () => {
    const user = await ssoUser("developer", [teams.search]);
    await syncSsoUser(db(), { userId: user.id, email: user.email, groups: ["storefront-devs"], meta }, map);
    expect(await state(user.id)).toEqual({ role: "developer", teamIds: [teams.storefront] });

    await syncSsoUser(db(), { userId: user.id, email: user.email, groups: ["platform-ops", "payments-devs"], meta }, map);
    expect(await state(user.id)).toEqual({ role: "operator", teamIds: [teams.payments] });

    const events = await eventsFor(user.id, "ok");
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [{ role: "developer", teams: ["search"] }, { role: "developer", teams: ["storefront"], groups: ["storefront-devs"] }],
      [{ role: "developer", teams: ["storefront"] }, { role: "operator", teams: ["payments"], groups: ["payments-devs", "platform-ops"] }],
    ]);
  });

  it("lowers a role too: an admin whose IdP groups now say developer becomes a developer", async () => {
    const user = await ssoUser("admin");
    await syncSsoUser(db(), { userId: user.id, email: user.email, groups: ["payments-devs"], meta }, map);
    expect(await state(user.id)).toEqual({ role: "developer", teamIds: [teams.payments] });
  });

  it("refuses a user whose groups map to nothing, keeps role and teams, ends their sessions, and audits it", async () => {
    const user = await ssoUser("developer", [teams.search]);
    const other = await ssoUser();
    const session = (userId: string) => ({ id: randomUUID(), token: randomUUID(), userId, expiresAt: new Date(Date.now() + 3_600_000) });
    await db().session.createMany({ data: [session(user.id), session(user.id), session(other.id)] });
    await expect(syncSsoUser(db(), { userId: user.id, email: user.email, groups: ["marketing"], meta }, map)).rejects.toMatchObject({
      code: "no_mapped_group",
      message: expect.stringContaining("not in any group that Bulkhead maps"),
    });
    expect(await state(user.id)).toEqual({ role: "developer", teamIds: [teams.search] });
    expect(await eventsFor(user.id, "ok")).toHaveLength(0);
    const [denied] = await eventsFor(user.id, "denied");
    expect(denied).toMatchObject({ actorId: null, reason: "no IdP group is mapped to a Bulkhead team or role" });
    expect(denied.after).toEqual({ email: user.email, groups: ["marketing"], sessionsRevoked: 2 });
    // Signed out everywhere, and nobody else is.
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().session.count({ where: { userId: other.id } })).toBe(1);
  });

  it("refuses, unchanged, when a mapped team was deleted after start", async () => {
    const gone = await db().team.create({ data: { slug: "gone-team", name: "Gone" } });
    await db().team.delete({ where: { id: gone.id } });
    const user = await ssoUser("developer", [teams.search]);
    const error = await syncSsoUser(db(), { userId: user.id, email: user.email, groups: ["old-devs"], meta }, { "old-devs": { team: "gone-team" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsoRefusedError);
    expect((error as SsoRefusedError).code).toBe("unknown_team");
    expect(await state(user.id)).toEqual({ role: "developer", teamIds: [teams.search] });
    expect((await eventsFor(user.id, "denied"))[0].reason).toBe("mapped team gone-team does not exist");
  });

  it("rolls the role and team change back when its audit event cannot be written", async () => {
    const user = await ssoUser("developer", [teams.search]);
    // Fault injection on the real database: the audit append (one raw statement, see server/audit/record.ts)
    // fails after role and memberships were written. The same client, whose transactions' raw statements throw.
    const failingAudit = new Proxy(db(), {
      get(client, key) {
        if (key !== "$transaction") return Reflect.get(client, key);
        return (work: (tx: Tx) => Promise<unknown>) =>
          client.$transaction((tx) =>
            work(
              new Proxy(tx, {
                get(inner, name) {
                  if (name !== "$queryRaw") return Reflect.get(inner, name);
                  return () => {
                    throw new Error("audit store unavailable");
                  };
                },
              }),
            ),
          );
      },
    });
    await expect(syncSsoUser(failingAudit, { userId: user.id, email: user.email, groups: ["platform-ops", "storefront-devs"], meta }, map)).rejects.toThrow("audit store unavailable");
    expect(await state(user.id)).toEqual({ role: "developer", teamIds: [teams.search] });
    expect(await eventsFor(user.id, "ok")).toHaveLength(0);
  });
});

describe("resolveOrRefuse (the gate before any user row exists)", () => {
  it("audits a refusal of a first-time user with no user id", async () => {
    await expect(resolveOrRefuse(db(), { email: "nora@corp.example", groups: [], meta }, map)).rejects.toBeInstanceOf(SsoRefusedError);
    const events = await db().auditEvent.findMany({ where: { action: SSO_SIGN_IN_ACTION, outcome: "denied", resourceId: null } });
    expect(events.map((e) => e.after)).toContainEqual({ email: "nora@corp.example", groups: [] });
  });
});

describe("assertMappedTeamsExist (start-up check)", () => {
  it("passes when every mapped team exists", async () => {
    await expect(assertMappedTeamsExist(db(), map)).resolves.toBeUndefined();
  });

  it("names the group, the unknown team and the teams there are", async () => {
    await expect(assertMappedTeamsExist(db(), { ...map, "infra-devs": { team: "infra", role: "developer" } })).rejects.toThrow(
      'BULKHEAD_OIDC_GROUP_MAP: group "infra-devs" maps to team "infra", which does not exist (teams: payments, search, storefront)',
    );
  });
});
