import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { trpcGET } from "@/testing/app-routes";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { deploy } from "@/server/deployments/commands";
import { makeAccount, signIn, TEST_PASSWORD } from "@/testing/accounts";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { syntheticCredentials } from "@/testing/credentials";
import { actorFromBearer } from "@/server/tokens/bearer";
import { createPersonalToken } from "@/server/tokens/service";
import { baseSettings } from "@/testing/sandbox";

// Teams (create, rename, archive, restore) and people (deactivate, reactivate, memberships) through the router,
// with the audit events each change writes, and deactivation seen from a browser's session cookie.

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: TRPCError) => error);
const me = (cookie: string) => trpcGET(new Request(`${publicUrl(serverEnv())}/api/trpc/identity.me`, { headers: { cookie } }));

describe("teams", () => {
  it("are created with a slug from the name (or given), which must be unique; renames are audited with before and after", async () => {
    const admin = await makeCaller("admin");
    const team = await admin.caller.identity.createTeam({ name: "Payments & Risk" });
    expect(team.slug).toBe("payments-risk");
    expect(await refusal(admin.caller.identity.createTeam({ name: "Other", slug: "payments-risk" }))).toMatchObject({ code: "CONFLICT" });
    await admin.caller.identity.renameTeam({ teamId: team.id, name: "Payments" });
    const renamed = await db().auditEvent.findFirstOrThrow({ where: { action: "team.rename", resourceId: team.id } });
    expect(renamed).toMatchObject({ actorId: admin.actor.userId, before: expect.objectContaining({ name: "Payments & Risk" }), after: expect.objectContaining({ name: "Payments" }) });
  });

  it("archiving is refused while the team runs deployments; archived, it takes no apps, members or invitations; restored, it does", async () => {
    process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
    const admin = await makeCaller("admin");
    const team = await admin.caller.identity.createTeam({ name: `Busy ${randomBytes(3).toString("hex")}` });
    const developer = await makeCaller("developer", [team.id]);
    const operator = await makeCaller("operator");
    const image = await makeBaseImage();
    const target = await operator.caller.targets.create({
      name: `busy-${randomBytes(3).toString("hex")}`,
      coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "busy-project" },
      credentials: syntheticCredentials("gcp-cloud-run"),
    });
    const app = await developer.caller.apps.create({ teamId: team.id, name: "busy", description: "", classification: "internal", baseImageId: image.id });
    const deployment = await deploy(developer, { appId: app.id, targetId: target.id, ...baseSettings });
    expect(await refusal(admin.caller.identity.archiveTeam({ teamId: team.id }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/1 live deployment/) });

    await db().deployment.update({ where: { id: deployment.id }, data: { status: "destroyed" } });
    const pending = await admin.caller.identity.invite({ email: `to-busy-${randomBytes(3).toString("hex")}@example.test`, role: "developer", teamId: team.id });
    await admin.caller.identity.archiveTeam({ teamId: team.id });
    expect((await db().invitation.findUniqueOrThrow({ where: { id: pending.id } })).revokedAt).not.toBeNull();
    expect(await refusal(developer.caller.apps.create({ teamId: team.id, name: "late", description: "", classification: "internal", baseImageId: image.id }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/archived/) });
    const newcomer = await makeCaller("developer");
    expect(await refusal(admin.caller.identity.setMemberships({ userId: newcomer.actor.userId, teamIds: [team.id] }))).toMatchObject({ code: "BAD_REQUEST" });

    await admin.caller.identity.restoreTeam({ teamId: team.id });
    await admin.caller.identity.setMemberships({ userId: newcomer.actor.userId, teamIds: [team.id] });
    expect(await db().membership.count({ where: { userId: newcomer.actor.userId, teamId: team.id } })).toBe(1);
    const actions = (await db().auditEvent.findMany({ where: { resourceId: team.id, outcome: "ok" }, orderBy: { sequence: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["team.create", "team.archive", "team.restore"]);
  });
});

describe("people", () => {
  it("deactivating revokes every session at once (the next request is signed out) and refuses the right password; reactivating lets them in", async () => {
    const admin = await makeCaller("admin");
    const person = await makeAccount("developer");
    const { cookie } = await signIn(person.email);
    expect((await me(cookie)).status).toBe(200);

    const after = await admin.caller.identity.deactivate({ userId: person.id });
    expect(after.sessionsRevoked).toBe(1);
    expect((await me(cookie)).status).toBe(401);
    // The right password: 403 and no session; a wrong one still answers like any wrong password.
    const refused = await signIn(person.email, TEST_PASSWORD, "192.0.2.31");
    expect(refused.response.status).toBe(403);
    expect(await refused.response.json()).toMatchObject({ code: "ACCOUNT_DEACTIVATED" });
    expect(await db().session.count({ where: { userId: person.id } })).toBe(0);
    expect((await signIn(person.email, "not-the-password-at-all", "192.0.2.32")).response.status).toBe(401);

    await admin.caller.identity.reactivate({ userId: person.id });
    expect((await signIn(person.email, TEST_PASSWORD, "192.0.2.33")).response.status).toBe(200);
    const trail = await db().auditEvent.findMany({ where: { resourceId: { in: [person.id, person.email] } }, orderBy: { sequence: "asc" } });
    expect(trail.filter((e) => e.action.startsWith("user.")).map((e) => e.action)).toEqual(["user.deactivate", "user.reactivate"]);
    expect(trail.some((e) => e.action === "auth.sign-in" && e.outcome === "denied" && e.reason === "account deactivated")).toBe(true);
  });

  it("deactivating revokes the person's API tokens in the same transaction, each audited; the token is refused at once", async () => {
    const admin = await makeCaller("admin");
    const person = await makeCaller("developer");
    const { secret, token } = await createPersonalToken(person, { name: "laptop", abilities: ["read"], expiresInDays: 30 });
    const meta = { requestId: "people-test", sourceIp: "192.0.2.40", userAgent: "test" };
    expect((await actorFromBearer(`Bearer ${secret}`, meta)).actor).not.toBeNull();

    expect(await admin.caller.identity.deactivate({ userId: person.actor.userId })).toMatchObject({ tokensRevoked: 1 });
    expect(await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({ revokedById: admin.actor.userId, revokedReason: expect.stringContaining("deactivated") });
    expect(await actorFromBearer(`Bearer ${secret}`, meta)).toMatchObject({ actor: null, problem: `API token ${token.id} was revoked` });
    expect(await db().auditEvent.count({ where: { action: "token.revoke", resourceId: token.id, actorId: admin.actor.userId } })).toBe(1);
  });

  it("an admin cannot deactivate themselves; only admins manage people and teams (refusals audited)", async () => {
    const admin = await makeCaller("admin");
    expect(await refusal(admin.caller.identity.deactivate({ userId: admin.actor.userId }))).toMatchObject({ code: "CONFLICT" });
    const operator = await makeCaller("operator");
    expect(await refusal(operator.caller.identity.createTeam({ name: "Sneaky" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await db().auditEvent.count({ where: { requestId: operator.meta.requestId, outcome: "denied" } })).toBe(1);
  });

  it("memberships are replaced whole and read on the next request, without signing the person out", async () => {
    const admin = await makeCaller("admin");
    const [first, second] = [await makeTeam("First"), await makeTeam("Second")];
    const person = await makeAccount("developer", [first.id]);
    const { cookie } = await signIn(person.email, TEST_PASSWORD, "192.0.2.34");
    await admin.caller.identity.setMemberships({ userId: person.id, teamIds: [second.id] });
    const answer = (await (await me(cookie)).json()) as { result: { data: { json: { teams: { id: string }[] } } } };
    expect(answer.result.data.json.teams.map((t) => t.id)).toEqual([second.id]);
  });
});
