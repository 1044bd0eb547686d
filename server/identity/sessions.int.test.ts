import { describe, expect, it } from "vitest";
import { trpcGET } from "@/testing/app-routes";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { makeAccount, signIn } from "@/testing/accounts";
import { makeCaller, makeTeam } from "@/testing/callers";
import { actorFromHeaders, sessionChangesSeen } from "./session";

// Session cookies and lifetimes, and a role change signing the person out everywhere, through the real
// better-auth and tRPC route handlers.

/** identity.me over HTTP with this cookie, as the browser asks for it. */
async function me(cookie: string) {
  const response = await trpcGET(new Request(`${publicUrl(serverEnv())}/api/trpc/identity.me`, { headers: { cookie } }));
  return { status: response.status, body: (await response.json()) as { result?: { data: { json: { role: string } } }; error?: { json: { data: { code: string } } } } };
}

describe("session cookie", () => {
  it("is Secure, HttpOnly and SameSite=Lax, and lives as long as the configured idle lifetime (8 h by default)", async () => {
    const user = await makeAccount("developer");
    const { response } = await signIn(user.email);
    const session = response.headers.getSetCookie().find((line) => line.startsWith("__Secure-bulkhead.session_token="));
    expect(session, "session cookie set").toBeDefined();
    const attributes = session!.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toContain("secure");
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes).toContain(`max-age=${8 * 3600}`);
    const stored = await db().session.findFirstOrThrow({ where: { userId: user.id } });
    const lifetimeHours = (stored.expiresAt.getTime() - stored.createdAt.getTime()) / 3_600_000;
    expect(lifetimeHours).toBeCloseTo(8, 1);
  });

  it("an expired session is refused", async () => {
    const user = await makeAccount("operator");
    const { cookie } = await signIn(user.email);
    expect((await me(cookie)).status).toBe(200);
    await db().session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await sessionChangesSeen();
    const after = await me(cookie);
    expect(after.status).toBe(401);
    expect(after.body.error?.json.data.code).toBe("UNAUTHORIZED");
  });
});

describe("resolving the caller from the cookie", () => {
  it("gives the session's user with their current teams, as changed", async () => {
    const [first, second] = [await makeTeam("Resolve A"), await makeTeam("Resolve B")];
    const user = await makeAccount("developer", [first.id]);
    const { cookie } = await signIn(user.email, undefined, "192.0.2.31");
    expect(await actorFromHeaders(new Headers({ cookie }))).toEqual({ userId: user.id, email: user.email, name: user.name, role: "developer", teamIds: [first.id] });
    await db().membership.create({ data: { userId: user.id, teamId: second.id } });
    await sessionChangesSeen();
    expect((await actorFromHeaders(new Headers({ cookie })))?.teamIds.sort()).toEqual([first.id, second.id].sort());
    await db().membership.deleteMany({ where: { userId: user.id } });
    await sessionChangesSeen();
    expect((await actorFromHeaders(new Headers({ cookie })))?.teamIds).toEqual([]);
  });

  it("refuses a cookie whose signature does not match its token, and one with no signature", async () => {
    const user = await makeAccount("developer");
    const { cookie } = await signIn(user.email, undefined, "192.0.2.32");
    const [name, value] = cookie.split(";").map((pair) => pair.trim()).find((pair) => pair.startsWith("__Secure-bulkhead.session_token="))!.split("=");
    const [token, signature] = decodeURIComponent(value).split(".");
    const flipped = Buffer.from(signature, "base64");
    flipped[0] ^= 1;
    const otherSignature = flipped.toString("base64");
    for (const forged of [`${token}.${otherSignature}`, token, `${token}.`, `.${signature}`]) {
      expect(await actorFromHeaders(new Headers({ cookie: `${name}=${encodeURIComponent(forged)}` })), forged).toBeNull();
    }
    expect(await actorFromHeaders(new Headers({ cookie: `bulkhead.session_token=${value}` })), "the cookie without its __Secure- prefix").toBeNull();
    expect(await actorFromHeaders(new Headers({ cookie: `${name}=${value}` }))).not.toBeNull();
  });

  it("refuses a deleted (signed-out or revoked) session on its next request", async () => {
    const user = await makeAccount("compliance");
    const { cookie } = await signIn(user.email, undefined, "192.0.2.33");
    expect(await actorFromHeaders(new Headers({ cookie }))).not.toBeNull();
    await db().session.deleteMany({ where: { userId: user.id } });
    await sessionChangesSeen();
    expect(await actorFromHeaders(new Headers({ cookie }))).toBeNull();
  });

  it("leaves expiry and idle extension to better-auth: an expired session is deleted, a used one past its update age is extended", async () => {
    const user = await makeAccount("operator");
    const { cookie } = await signIn(user.email, undefined, "192.0.2.34");
    const stored = await db().session.findFirstOrThrow({ where: { userId: user.id } });
    // 20 minutes into an 8-hour session: past the 15-minute update age, so this use extends it.
    const aged = new Date(Date.now() + 8 * 3_600_000 - 20 * 60_000);
    await db().session.update({ where: { id: stored.id }, data: { expiresAt: aged } });
    await sessionChangesSeen();
    expect(await actorFromHeaders(new Headers({ cookie }))).not.toBeNull();
    const extended = await db().session.findUniqueOrThrow({ where: { id: stored.id } });
    expect(extended.expiresAt.getTime()).toBeGreaterThan(aged.getTime() + 10 * 60_000);

    await db().session.update({ where: { id: stored.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await sessionChangesSeen();
    expect(await actorFromHeaders(new Headers({ cookie }))).toBeNull();
    expect(await db().session.count({ where: { id: stored.id } }), "better-auth deletes the expired session").toBe(0);
  });
});

describe("role change", () => {
  it("revokes all of the person's sessions in the same transaction as the change, audited with before and after", async () => {
    const team = await makeTeam("Roles");
    const user = await makeAccount("developer", [team.id]);
    const laptop = await signIn(user.email, undefined, "192.0.2.21");
    const phone = await signIn(user.email, undefined, "192.0.2.22");
    expect((await me(laptop.cookie)).body.result?.data.json.role).toBe("developer");
    expect((await me(phone.cookie)).status).toBe(200);

    const admin = await makeCaller("admin");
    const changed = await admin.caller.identity.setRole({ userId: user.id, role: "operator", teamIds: [] });
    expect(changed).toMatchObject({ role: "operator", teamIds: [], sessionsRevoked: 2 });

    for (const device of [laptop, phone]) {
      const answer = await me(device.cookie);
      expect(answer.status).toBe(401);
      expect(answer.body.error?.json.data.code).toBe("UNAUTHORIZED");
    }
    const [event] = await db().auditEvent.findMany({ where: { action: "identity.setRole", resourceId: user.id } });
    expect(event).toMatchObject({ outcome: "ok", actorId: admin.actor.userId, before: { role: "developer", teamIds: [team.id] }, after: { role: "operator", teamIds: [], sessionsRevoked: 2 } });

    // Signing in again gives the new role.
    const again = await signIn(user.email, undefined, "192.0.2.23");
    expect((await me(again.cookie)).body.result?.data.json.role).toBe("operator");
  });

  it("only admins may change roles; refusals are audited and change nothing", async () => {
    const user = await makeAccount("developer");
    const { cookie } = await signIn(user.email, undefined, "192.0.2.24");
    for (const role of ["developer", "operator", "compliance"] as const) {
      const person = await makeCaller(role);
      await expect(person.caller.identity.setRole({ userId: user.id, role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await db().auditEvent.count({ where: { requestId: person.meta.requestId, action: "identity.setRole", outcome: "denied" } })).toBe(1);
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("developer");
    expect((await me(cookie)).status).toBe(200);
  });

  it("answers bad input by field, and an admin cannot demote themselves", async () => {
    const admin = await makeCaller("admin");
    await expect(admin.caller.identity.setRole({ userId: admin.actor.userId, role: "developer" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.caller.identity.setRole({ userId: "no-such-user", role: "developer" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.caller.identity.setRole({ userId: admin.actor.userId, role: "superuser" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const user = await makeAccount("developer");
    await expect(admin.caller.identity.setRole({ userId: user.id, role: "operator", teamIds: ["00000000-0000-4000-8000-000000000000"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("developer");
  });
});
