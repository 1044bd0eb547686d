import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createCaller } from "@/server/routers";
import { signIn } from "@/testing/accounts";
import { makeCaller, makeTeam } from "@/testing/callers";
import { startSmtpSink } from "@/testing/smtp-sink";

// Invitations through the router (admins) and the public procedures (the invited person), against this file's
// database, with a real mail client (nodemailer) delivering to a local SMTP server.

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.BULKHEAD_SMTP_URL = sink.url;
});
afterAll(async () => {
  delete process.env.BULKHEAD_SMTP_URL;
  await sink?.stop();
});

const stranger = (ip = "192.0.2.200") => createCaller({ actor: null, meta: { requestId: `invitee-${Math.random()}`, sourceIp: ip, userAgent: "vitest" } });
const tokenOf = (link: string) => new URL(link).hash.slice(1);
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: TRPCError) => error);

describe("invitations", () => {
  it("a link chooses the password once: the account gets the role and team, can sign in, and the link is spent", async () => {
    const team = await makeTeam("Invited");
    const admin = await makeCaller("admin");
    const issued = await admin.caller.identity.invite({ email: "New.Person@Example.test", name: "New Person", role: "developer", teamId: team.id });
    expect(issued.email).toBe("new.person@example.test");
    expect(issued.link).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);

    const preview = await stranger().identity.invitation({ token: tokenOf(issued.link) });
    expect(preview).toMatchObject({ email: "new.person@example.test", role: "developer", team: "Invited" });
    await stranger().identity.acceptInvitation({ token: tokenOf(issued.link), name: "New Person", password: "a-fine-long-password" });
    const user = await db().user.findUniqueOrThrow({ where: { email: "new.person@example.test" }, include: { memberships: true } });
    expect(user).toMatchObject({ role: "developer", name: "New Person", deactivatedAt: null });
    expect(user.memberships.map((m) => m.teamId)).toEqual([team.id]);
    expect((await signIn(user.email, "a-fine-long-password")).response.status).toBe(200);

    const again = await refusal(stranger().identity.acceptInvitation({ token: tokenOf(issued.link), name: "Someone Else", password: "another-long-password" }));
    expect(again).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/^This invitation link is not valid/) });
    const trail = await db().auditEvent.findMany({ where: { action: { startsWith: "invitation." } }, orderBy: { sequence: "asc" } });
    expect(trail.map((e) => `${e.action} ${e.outcome}`)).toEqual(expect.arrayContaining(["invitation.create ok", "invitation.accept ok", "invitation.accept denied"]));
  });

  it("keeps only the token's hash and never writes the token to the trail; the mail carries the link", async () => {
    const admin = await makeCaller("admin");
    const issued = await admin.caller.identity.invite({ email: "mailed@example.test", role: "compliance" });
    expect(issued.mail).toEqual({ sent: true });
    const mail = sink.received.find((m) => m.to.includes("<mailed@example.test>"));
    // The text travels quoted-printable: long lines are broken with a trailing "=".
    expect(mail?.data.replace(/=\n/g, "").replace(/=3D/g, "=")).toContain(issued.link);
    const token = tokenOf(issued.link);
    const stored = JSON.stringify(await db().invitation.findMany());
    const trail = JSON.stringify(await db().auditEvent.findMany(), (_, v) => (typeof v === "bigint" ? String(v) : v));
    expect(stored).not.toContain(token);
    expect(trail).not.toContain(token);
  });

  it("a link opened twice at once makes one account", async () => {
    const admin = await makeCaller("admin");
    const { link } = await admin.caller.identity.invite({ email: "twice@example.test", role: "operator" });
    const answers = await Promise.allSettled([0, 1, 2].map(() => stranger().identity.acceptInvitation({ token: tokenOf(link), name: "Twice", password: "a-fine-long-password" })));
    expect(answers.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { email: "twice@example.test" } })).toBe(1);
  });

  it("refuses an expired link, a replaced link and a revoked one, the same way", async () => {
    const admin = await makeCaller("admin");
    const expired = await admin.caller.identity.invite({ email: "late@example.test", role: "operator" });
    await db().invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const replaced = await admin.caller.identity.invite({ email: "again@example.test", role: "operator" });
    const latest = await admin.caller.identity.invite({ email: "again@example.test", role: "operator" });
    const revoked = await admin.caller.identity.invite({ email: "revoked@example.test", role: "operator" });
    await admin.caller.identity.revokeInvitation({ id: revoked.id });
    for (const { link } of [expired, replaced, revoked]) {
      expect(await refusal(stranger().identity.invitation({ token: tokenOf(link) }))).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await stranger().identity.invitation({ token: tokenOf(latest.link) })).toMatchObject({ email: "again@example.test" });
  });

  it("refuses, naming the field: an address that has an account, a developer without a team, an archived team, a short password", async () => {
    const admin = await makeCaller("admin");
    const existing = await makeCaller("developer");
    expect(await refusal(admin.caller.identity.invite({ email: existing.actor.email, role: "developer", teamId: (await makeTeam()).id }))).toMatchObject({ code: "CONFLICT" });
    expect(await refusal(admin.caller.identity.invite({ email: "teamless@example.test", role: "developer" }))).toMatchObject({ code: "BAD_REQUEST" });
    const archived = await makeTeam("Gone");
    await admin.caller.identity.archiveTeam({ teamId: archived.id });
    expect(await refusal(admin.caller.identity.invite({ email: "gone@example.test", role: "developer", teamId: archived.id }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/archived/) });
    const { link } = await admin.caller.identity.invite({ email: "short@example.test", role: "operator" });
    expect(await refusal(stranger().identity.acceptInvitation({ token: tokenOf(link), name: "Short", password: "short" }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("limits look-ups of links from one address", async () => {
    const statuses = [];
    for (let i = 0; i < 32; i++) statuses.push(await refusal(stranger("192.0.2.201").identity.invitation({ token: "A".repeat(43) })).then((e) => e?.code));
    expect(statuses.slice(0, 30).every((code) => code === "NOT_FOUND")).toBe(true);
    expect(statuses.slice(30)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
  });
});
