import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/server/apps/service";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { actorFromBearer } from "./bearer";
import { hashToken } from "./format";
import { createPersonalToken, createTeamToken, listTokens, revokeToken, revokeTokensOf } from "./service";

type Person = Awaited<ReturnType<typeof makeCaller>>;
let team: { id: string; slug: string }, otherTeam: { id: string };
let developer: Person, colleague: Person, outsider: Person, operator: Person, compliance: Person, admin: Person;
let appId: string, otherTeamAppId: string;
const meta = { requestId: "tokens-test", sourceIp: "198.51.100.7", userAgent: "vitest" };

beforeAll(async () => {
  team = await makeTeam("Tokens");
  otherTeam = await makeTeam("Elsewhere");
  developer = await makeCaller("developer", [team.id]);
  colleague = await makeCaller("developer", [team.id]);
  outsider = await makeCaller("developer", [otherTeam.id]);
  operator = await makeCaller("operator");
  compliance = await makeCaller("compliance");
  admin = await makeCaller("admin");
  const baseImageId = (await makeBaseImage()).id;
  appId = (await createApp(developer, { teamId: team.id, name: "shop", description: "", classification: "internal", baseImageId })).id;
  otherTeamAppId = (await createApp(outsider, { teamId: otherTeam.id, name: "shop", description: "", classification: "internal", baseImageId })).id;
});
afterAll(() => stopQueue());

/** The tRPC error a call ends in, through the real router and middleware. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, message: error.message, fields: error.cause && "problems" in error.cause ? (error.cause as { problems: { field: string }[] }).problems.map((p) => p.field) : [] };
}

describe("making a token", () => {
  it("shows the token once and keeps only its SHA-256, with a default expiry of 90 days", async () => {
    const made = await developer.caller.tokens.create({ name: "laptop", abilities: ["read", "deploy"] });
    expect(made.secret).toMatch(/^bh_[0-9A-Za-z]{46}$/);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
    expect(row.hash).toBe(hashToken(made.secret));
    expect(JSON.stringify(row)).not.toContain(made.secret.slice(3, 43));
    expect(made.token.display).toBe(`bh_…${made.secret.slice(-4)}`);
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    expect(days).toBe(90);
    // Never shown again: neither the list nor the token's own view carries it.
    const listed = await developer.caller.tokens.list();
    expect(JSON.stringify(listed)).not.toContain(made.secret);
    expect(listed.tokens.find((t) => t.id === made.token.id)).toMatchObject({ kind: "personal", status: "active", abilities: ["read", "deploy"], can: { revoke: true } });
  });

  it("is audited as token.create with the token's id and without its text or hash", async () => {
    const made = await developer.caller.tokens.create({ name: "audited", abilities: ["read"], expiresInDays: 7 });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "token.create", resourceId: made.token.id } });
    expect(event).toMatchObject({ outcome: "ok", resourceType: "api-token", actorId: developer.actor.userId });
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
    expect(JSON.stringify(event.after)).not.toContain(row.hash);
    expect(JSON.stringify(event.after)).not.toContain(made.secret);
  });

  it.each([
    [0, "Expiry: at least 1 day"],
    [366, "Expiry: at most 365 days"],
    [1.5, "Expiry: a whole number of days"],
  ])("refuses an expiry of %s days, naming the field", async (expiresInDays, message) => {
    const refused = await refusal(developer.caller.tokens.create({ name: "x", abilities: ["read"], expiresInDays }));
    expect(refused.code).toBe("BAD_REQUEST");
    const error = await developer.caller.tokens.create({ name: "x", abilities: ["read"], expiresInDays }).catch((e: TRPCError) => e);
    expect(JSON.stringify((error as TRPCError).cause)).toContain(message);
  });

  it("cannot outlive a year even written straight to the database", async () => {
    const write = db().apiToken.create({
      data: { name: "forever", hash: "0".repeat(64), lastFour: "abcd", userId: developer.actor.userId, abilities: ["read"], appIds: [], createdById: developer.actor.userId, createdByEmail: "x", createdAt: new Date(), expiresAt: new Date(Date.now() + 400 * 86_400_000) },
    });
    await expect(write).rejects.toThrow(/ApiToken_at_most_a_year/);
    const both = db().apiToken.create({
      data: { name: "two-owners", hash: "1".repeat(64), lastFour: "abcd", userId: developer.actor.userId, teamId: team.id, abilities: ["read"], appIds: [], createdById: developer.actor.userId, createdByEmail: "x", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    await expect(both).rejects.toThrow(/ApiToken_one_owner/);
    const text = db().apiToken.create({
      data: { name: "plain", hash: "bh_notahash", lastFour: "abcd", userId: developer.actor.userId, abilities: ["read"], appIds: [], createdById: developer.actor.userId, createdByEmail: "x", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    await expect(text).rejects.toThrow(/ApiToken_hash_is_sha256/);
  });

  it("refuses abilities beyond the owner's role, naming the field (a token never exceeds its owner)", async () => {
    expect(await refusal(developer.caller.tokens.create({ name: "x", abilities: ["audit_export"] }))).toMatchObject({ code: "BAD_REQUEST", fields: ["abilities"] });
    expect(await refusal(compliance.caller.tokens.create({ name: "x", abilities: ["deploy"] }))).toMatchObject({ code: "BAD_REQUEST", fields: ["abilities"] });
    expect(await refusal(operator.caller.tokens.create({ name: "x", abilities: ["manage_apps"] }))).toMatchObject({ code: "BAD_REQUEST", fields: ["abilities"] });
    expect(await refusal(operator.caller.tokens.createForTeam({ teamId: team.id, name: "x", abilities: ["audit_export"] }))).toMatchObject({ code: "BAD_REQUEST", fields: ["abilities"] });
    expect(await db().apiToken.count({ where: { name: "x" } })).toBe(0);
  });

  it("limits a token to apps of the owner's teams only", async () => {
    const made = await developer.caller.tokens.create({ name: "one-app", abilities: ["deploy"], appIds: [appId] });
    expect(made.token.apps).toEqual([{ id: appId, name: "shop" }]);
    expect(await refusal(developer.caller.tokens.create({ name: "x", abilities: ["deploy"], appIds: [otherTeamAppId] }))).toMatchObject({ code: "BAD_REQUEST", fields: ["appIds"] });
    expect(await refusal(developer.caller.tokens.create({ name: "x", abilities: ["deploy"], appIds: [randomUUID()] }))).toMatchObject({ code: "BAD_REQUEST", fields: ["appIds"] });
    expect(await refusal(operator.caller.tokens.create({ name: "x", abilities: ["read"], appIds: [appId] }))).toMatchObject({ code: "BAD_REQUEST", fields: ["appIds"] });
  });
});

describe("team service tokens", () => {
  it("are made by the team's developers, operators and admins; others' teams are not found, compliance is refused", async () => {
    for (const maker of [developer, operator, admin]) {
      const made = await maker.caller.tokens.createForTeam({ teamId: team.id, name: `ci-${maker.actor.role}`, abilities: ["deploy"], appIds: [appId] });
      expect(made.token).toMatchObject({ kind: "team", owner: { userId: null, team: { id: team.id } } });
    }
    expect(await refusal(outsider.caller.tokens.createForTeam({ teamId: team.id, name: "x", abilities: ["read"] }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(compliance.caller.tokens.createForTeam({ teamId: team.id, name: "x", abilities: ["read"] }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("act as a developer of their team, named as the token in messages and the audit trail", async () => {
    const made = await createTeamToken(operator, { teamId: team.id, name: "pipeline", abilities: ["read"], expiresInDays: 30 });
    const { actor } = await actorFromBearer(`Bearer ${made.secret}`, meta);
    expect(actor).toMatchObject({ userId: made.token.id, role: "developer", teamIds: [team.id], token: { id: made.token.id, kind: "team", abilities: ["read"], appIds: null } });
    expect(actor!.email).toBe(`team ${team.slug} via token ${made.token.id}`);
  });

  it("say what each person may make: the abilities of their role, and the teams whose service tokens they keep", async () => {
    expect((await listTokens(developer)).can).toEqual({ personal: { abilities: ["read", "deploy", "manage_apps"], appLimits: true }, teams: [expect.objectContaining({ id: team.id })], teamAbilities: ["read", "deploy", "manage_apps"] });
    expect((await listTokens(compliance)).can).toMatchObject({ personal: { abilities: ["read", "audit_export"], appLimits: false }, teams: [] });
    expect((await listTokens(operator)).can.teams.map((t) => t.id)).toEqual(expect.arrayContaining([team.id, otherTeam.id]));
  });

  it("are listed to the team and the platform roles, not to other teams' developers", async () => {
    const made = await createTeamToken(operator, { teamId: team.id, name: "listed", abilities: ["read"], expiresInDays: 30 });
    for (const viewer of [developer, colleague, operator, compliance, admin]) expect((await listTokens(viewer)).tokens.map((t) => t.id)).toContain(made.token.id);
    expect((await listTokens(outsider)).tokens.map((t) => t.id)).not.toContain(made.token.id);
    expect((await listTokens(compliance)).tokens.find((t) => t.id === made.token.id)?.can.revoke).toBe(false);
  });
});

describe("revoking", () => {
  it("stops the token at once, audited with the token's id; a second revoke is a conflict", async () => {
    const made = await createPersonalToken(developer, { name: "to-revoke", abilities: ["read"], expiresInDays: 30 });
    expect((await actorFromBearer(`Bearer ${made.secret}`, meta)).actor).not.toBeNull();
    const revoked = await developer.caller.tokens.revoke({ id: made.token.id, reason: "laptop lost" });
    expect(revoked).toMatchObject({ status: "revoked", revokedReason: "laptop lost" });
    expect(await actorFromBearer(`Bearer ${made.secret}`, meta)).toEqual({ actor: null, problem: `API token ${made.token.id} was revoked` });
    const events = await db().auditEvent.findMany({ where: { resourceId: made.token.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["token.create", "ok"],
      ["token.revoke", "ok"],
      ["token.use", "denied"],
    ]);
    expect(await refusal(developer.caller.tokens.revoke({ id: made.token.id }))).toMatchObject({ code: "CONFLICT" });
  });

  it("lets nobody but the owner and admins touch a person's own token, hiding it from others", async () => {
    const made = await createPersonalToken(developer, { name: "mine", abilities: ["read"], expiresInDays: 30 });
    for (const other of [colleague, operator, compliance]) expect(await refusal(other.caller.tokens.revoke({ id: made.token.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db().auditEvent.count({ where: { action: "token.revoke", outcome: "denied", resourceId: made.token.id } })).toBe(3);
    expect((await admin.caller.tokens.revoke({ id: made.token.id })).status).toBe("revoked");
  });

  it("revokeTokensOf (for deactivation) revokes every live token of the person in the caller's transaction, each audited, and spares team tokens", async () => {
    const person = await makeCaller("developer", [team.id]);
    const tokens = [await createPersonalToken(person, { name: "a", abilities: ["read"], expiresInDays: 30 }), await createPersonalToken(person, { name: "b", abilities: ["deploy"], expiresInDays: 30 })];
    const teamToken = await createTeamToken(person, { teamId: team.id, name: "made-by-them", abilities: ["read"], expiresInDays: 30 });
    await person.caller.tokens.revoke({ id: tokens[0].token.id });
    // Rolled back with the transaction that called it: nothing revoked, nothing audited.
    await db()
      .$transaction(async (tx) => {
        await revokeTokensOf(tx, admin, person.actor.userId, "deactivated");
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect((await actorFromBearer(`Bearer ${tokens[1].secret}`, meta)).actor).not.toBeNull();
    const count = await db().$transaction((tx) => revokeTokensOf(tx, admin, person.actor.userId, "deactivated"));
    expect(count).toBe(1);
    expect((await actorFromBearer(`Bearer ${tokens[1].secret}`, meta)).problem).toMatch(/was revoked/);
    expect((await actorFromBearer(`Bearer ${teamToken.secret}`, meta)).actor).not.toBeNull();
    const audited = await db().auditEvent.findMany({ where: { action: "token.revoke", resourceId: tokens[1].token.id } });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ outcome: "ok", actorId: admin.actor.userId, reason: "deactivated" });
  });
});

describe("using a token", () => {
  it("answers with the owner's current role and teams, and records the last use and address", async () => {
    const person = await makeCaller("developer", [team.id]);
    const made = await createPersonalToken(person, { name: "role-follows", abilities: ["read"], expiresInDays: 30 });
    const first = await actorFromBearer(`Bearer ${made.secret}`, meta);
    expect(first.actor).toMatchObject({ userId: person.actor.userId, role: "developer", teamIds: [team.id] });
    expect(first.actor!.email).toBe(`${person.actor.email} via token ${made.token.id}`);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
    expect(row.lastUsedIp).toBe("198.51.100.7");
    expect(row.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
    await db().user.update({ where: { id: person.actor.userId }, data: { role: "compliance" } });
    await db().membership.deleteMany({ where: { userId: person.actor.userId } });
    expect((await actorFromBearer(`Bearer ${made.secret}`, { ...meta, sourceIp: "203.0.113.9" })).actor).toMatchObject({ role: "compliance", teamIds: [] });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } })).lastUsedIp).toBe("203.0.113.9");
  });

  it("writes the last use at most once a minute from one address", async () => {
    const made = await createPersonalToken(developer, { name: "busy", abilities: ["read"], expiresInDays: 30 });
    await actorFromBearer(`Bearer ${made.secret}`, meta);
    const first = (await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } })).lastUsedAt!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await actorFromBearer(`Bearer ${made.secret}`, meta);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } })).lastUsedAt).toEqual(first);
    await db().apiToken.update({ where: { id: made.token.id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await actorFromBearer(`Bearer ${made.secret}`, meta);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } })).lastUsedAt!.getTime()).toBeGreaterThan(first.getTime());
  });

  it("refuses an expired token, auditing the attempt as denied", async () => {
    const made = await createPersonalToken(developer, { name: "expiring", abilities: ["read"], expiresInDays: 1 });
    await db().apiToken.update({ where: { id: made.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refused = await actorFromBearer(`Bearer ${made.secret}`, meta);
    expect(refused.actor).toBeNull();
    expect(refused.problem).toMatch(new RegExp(`^API token ${made.token.id} expired on `));
    expect(await db().auditEvent.count({ where: { action: "token.use", outcome: "denied", resourceId: made.token.id } })).toBe(1);
  });

  it.each([
    ["Basic dXNlcjpwYXNz", "Send the API token as Authorization: Bearer bh_…"],
    ["Bearer", "Send the API token as Authorization: Bearer bh_…"],
    ["Bearer ghp_abcdef", "This is not a Bulkhead API token (they start with bh_)"],
    [`Bearer bh_${"A".repeat(46)}`, "This is not a Bulkhead API token (they start with bh_)"],
  ])("refuses %j, saying why", async (header, problem) => {
    expect(await actorFromBearer(header, meta)).toEqual({ actor: null, problem });
  });

  it("refuses a well-formed token nobody made", async () => {
    const { newToken } = await import("./format");
    expect(await actorFromBearer(`Bearer ${newToken().text}`, meta)).toEqual({ actor: null, problem: "Unknown API token" });
  });

  it("cannot make, list or revoke tokens: that is for people signed in", async () => {
    const made = await createPersonalToken(developer, { name: "no-minting", abilities: ["read", "deploy", "manage_apps"], expiresInDays: 30 });
    const { actor } = await actorFromBearer(`Bearer ${made.secret}`, meta);
    const { createCaller } = await import("@/server/routers");
    const caller = createCaller({ actor, meta });
    for (const attempt of [caller.tokens.create({ name: "child", abilities: ["read"] }), caller.tokens.list(), caller.tokens.revoke({ id: made.token.id })]) {
      expect(await refusal(attempt)).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await caller.tokens.current()).toMatchObject({ id: made.token.id, name: "no-minting" });
  });
});
