import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { auth } from "@/server/identity/auth";
import { admitSignIn, recordWrongPassword } from "@/server/identity/lockout";
import { metrics } from "@/server/observability/metrics";
import { makeAccount, signInRequest, TEST_PASSWORD } from "@/testing/accounts";

// Account lockout through better-auth's real handler (the one app/api/auth serves): Request in, Response out.

const WRONG = "wrong-password-0000";
let ipCounter = 0;
/** Its own source address per test, so better-auth's per-address rate limit never interferes. */
const freshIp = () => `198.51.100.${++ipCounter}`;
const attempt = (email: string, password: string, ip: string) => auth().handler(signInRequest(email, password, ip));
const events = (email: string) => db().auditEvent.findMany({ where: { resourceId: email }, orderBy: { sequence: "asc" } });

const saved = { ...process.env };
afterEach(() => {
  for (const key of ["BULKHEAD_LOCKOUT_THRESHOLD", "BULKHEAD_LOCKOUT_MINUTES", "BULKHEAD_LOCKOUT_WINDOW_SECONDS"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("account lockout", () => {
  it("ten wrong passwords in a minute lock the account, audited, and the right password is refused while locked", { timeout: 120_000 }, async () => {
    const user = await makeAccount("developer");
    const ip = freshIp();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await attempt(user.email, `${WRONG}-${i}`, ip));
    expect(answers.slice(0, 9).map((r) => r.status)).toEqual(Array(9).fill(401));
    const tenth = answers[9];
    expect(tenth.status).toBe(429);
    expect(await tenth.json()).toMatchObject({ code: "ACCOUNT_LOCKED", message: "Too many failed sign-ins: try again in 15 minutes." });

    const locked = await attempt(user.email, TEST_PASSWORD, ip);
    expect(locked.status).toBe(429);
    expect((await locked.json()).message).toMatch(/try again in 1[45] minutes/);
    expect(locked.headers.getSetCookie()).toEqual([]);

    const trail = await events(user.email);
    const denied = trail.filter((e) => e.action === "auth.sign-in" && e.outcome === "denied");
    expect(denied).toHaveLength(11);
    expect(denied.slice(0, 10).every((e) => e.reason === "wrong password" && e.actorEmail === user.email && e.actorId === user.id && e.sourceIp === ip)).toBe(true);
    expect(denied[10].reason).toBe("account locked after too many failed sign-ins");
    const lockouts = trail.filter((e) => e.action === "auth.lockout");
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ outcome: "ok", actorEmail: user.email, reason: "10 failed sign-ins within 60 s" });
    // The passwords tried are nowhere in the trail.
    const text = JSON.stringify(trail, (_, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).not.toContain(WRONG);
    expect(text).not.toContain(TEST_PASSWORD);
  });

  it("unknown addresses answer and lock exactly like real ones", { timeout: 120_000 }, async () => {
    process.env.BULKHEAD_LOCKOUT_THRESHOLD = "4";
    const real = await makeAccount("operator");
    const unknown = "nobody-here@accounts.test";
    const ip = freshIp();
    const realAnswers = [];
    const unknownAnswers = [];
    for (let i = 0; i < 5; i++) {
      realAnswers.push(await attempt(real.email, WRONG, ip));
      unknownAnswers.push(await attempt(unknown, WRONG, freshIp()));
    }
    const shape = async (r: Response) => ({ status: r.status, body: await r.json() });
    expect(await Promise.all(unknownAnswers.map(shape))).toEqual(await Promise.all(realAnswers.map(shape)));
    const trail = await events(unknown);
    const signIns = trail.filter((e) => e.action === "auth.sign-in");
    expect(signIns.map((e) => e.reason)).toEqual([...Array(4).fill("unknown account"), "account locked after too many failed sign-ins"]);
    expect(signIns.every((e) => e.actorId === null && e.actorEmail === null)).toBe(true);
    expect(trail.filter((e) => e.action === "auth.lockout")).toHaveLength(1);
  });

  it("counts concurrent failures without losing any", { timeout: 120_000 }, async () => {
    const user = await makeAccount("developer");
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(user.email, `${WRONG}-${i}`, freshIp())));
    expect(answers.filter((r) => r.status === 429)).toHaveLength(1);
    expect((await attempt(user.email, TEST_PASSWORD, freshIp())).status).toBe(429);
    const trail = await events(user.email);
    expect(trail.filter((e) => e.action === "auth.sign-in" && e.reason === "wrong password")).toHaveLength(10);
    expect(trail.filter((e) => e.action === "auth.lockout")).toHaveLength(1);
  });

  it("a successful sign-in resets the count", { timeout: 120_000 }, async () => {
    const user = await makeAccount("compliance");
    const ip = freshIp();
    for (let i = 0; i < 9; i++) expect((await attempt(user.email, WRONG, ip)).status).toBe(401);
    const ok = await attempt(user.email, TEST_PASSWORD, ip);
    expect(ok.status).toBe(200);
    const ip2 = freshIp();
    for (let i = 0; i < 9; i++) expect((await attempt(user.email, WRONG, ip2)).status).toBe(401);
    expect((await attempt(user.email, TEST_PASSWORD, ip2)).status).toBe(200);
    const trail = await events(user.email);
    expect(trail.filter((e) => e.outcome === "ok" && e.action === "auth.sign-in")).toHaveLength(2);
    expect(trail.filter((e) => e.action === "auth.lockout")).toHaveLength(0);
  });

  it("attempts outside the window do not add up, and a lock ends by itself (clock given to the service)", async () => {
    process.env.BULKHEAD_LOCKOUT_THRESHOLD = "3";
    const user = await makeAccount("admin");
    const meta = { requestId: "lockout-clock", sourceIp: "203.0.113.7", userAgent: "vitest" };
    const t0 = Date.parse("2030-01-01T10:00:00Z");
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    /** One attempt whose password turns out wrong: admitted (counted), then recorded as a failure. */
    const fail = async (seconds: number) => {
      expect(await admitSignIn(user.email, meta, at(seconds))).toEqual({ admitted: true });
      return recordWrongPassword(user.email, meta, at(seconds));
    };
    expect(await fail(0)).toBeNull();
    expect(await fail(1)).toBeNull();
    // 61 s later the first two have left the 60 s window: two more do not lock, a third inside it does.
    expect(await fail(62)).toBeNull();
    expect(await fail(63)).toBeNull();
    const lock = await fail(64);
    expect(lock).toEqual(at(64 + 15 * 60));
    expect(await admitSignIn(user.email, meta, at(64 + 15 * 60 - 1))).toEqual({ admitted: false, lockedUntil: lock });
    expect(await admitSignIn(user.email, meta, at(64 + 15 * 60))).toEqual({ admitted: true });
  });

  it("counts an attempt before its password is checked: one beyond the threshold locks while the others are still being checked", async () => {
    process.env.BULKHEAD_LOCKOUT_THRESHOLD = "3";
    const meta = { requestId: "lockout-in-flight", sourceIp: "203.0.113.9", userAgent: "vitest" };
    const email = "in-flight@accounts.test";
    const now = new Date();
    for (let i = 0; i < 3; i++) expect(await admitSignIn(email, meta, now)).toEqual({ admitted: true });
    // Three passwords are being checked and none has failed yet: a fourth is not checked at all, it locks.
    const fourth = await admitSignIn(email, meta, now);
    expect(fourth).toMatchObject({ admitted: false });
    // The three then fail: no second lock.
    for (let i = 0; i < 3; i++) expect(await recordWrongPassword(email, meta, now)).toBeNull();
    expect((await events(email)).filter((e) => e.action === "auth.lockout")).toHaveLength(1);
  });

  it("checks at most the threshold of passwords when 200 wrong ones arrive at once from 200 addresses, and then refuses the right one", { timeout: 180_000 }, async () => {
    const user = await makeAccount("operator");
    const checksBefore = (await metrics().passwordChecks.get()).values[0]?.value ?? 0;
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt(user.email, `${WRONG}-${i}`, `10.20.${Math.floor(i / 250)}.${(i % 250) + 1}`)));
    const checks = ((await metrics().passwordChecks.get()).values[0]?.value ?? 0) - checksBefore;
    expect(checks).toBeGreaterThan(0);
    expect(checks).toBeLessThanOrEqual(10);
    expect(answers.filter((r) => r.status === 401)).toHaveLength(checks);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(200 - checks);
    const right = await attempt(user.email, TEST_PASSWORD, "10.20.9.9");
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);
    const trail = await events(user.email);
    expect(trail.filter((e) => e.action === "auth.lockout")).toHaveLength(1);
    expect(trail.filter((e) => e.reason === "wrong password")).toHaveLength(checks);
  });

  it("forgets addresses idle for longer than a window and a lock, but never a running lock or a recent count", async () => {
    const meta = { requestId: "lockout-prune", sourceIp: "203.0.113.8", userAgent: "vitest" };
    const now = new Date(Date.parse("2031-06-01T12:00:00Z"));
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    await db().signInThrottle.createMany({
      data: [
        { email: "sprayed-1@prune.test", recentFailures: [ago(30)], updatedAt: ago(30) },
        { email: "sprayed-2@prune.test", recentFailures: [], lockedUntil: ago(5), updatedAt: ago(20) },
        { email: "still-locked@prune.test", recentFailures: [], lockedUntil: new Date(now.getTime() + 60_000), updatedAt: ago(30) },
        { email: "recent@prune.test", recentFailures: [ago(10)], updatedAt: ago(10) },
      ],
    });
    await recordWrongPassword("someone-else@prune.test", meta, now);
    const left = await db().signInThrottle.findMany({ where: { email: { endsWith: "@prune.test" } }, select: { email: true } });
    // 60 s window + 15 min lock: idle for 16 minutes or more is forgotten.
    expect(left.map((row) => row.email).sort()).toEqual(["recent@prune.test", "someone-else@prune.test", "still-locked@prune.test"]);
  });

  it("once the lock's time has passed, the right password works again through the handler", async () => {
    process.env.BULKHEAD_LOCKOUT_THRESHOLD = "3";
    const user = await makeAccount("developer");
    const ip = freshIp();
    for (let i = 0; i < 2; i++) expect((await attempt(user.email, WRONG, ip)).status).toBe(401);
    expect((await attempt(user.email, WRONG, ip)).status).toBe(429);
    expect((await attempt(user.email, TEST_PASSWORD, ip)).status).toBe(429);
    await db().signInThrottle.update({ where: { email: user.email }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await attempt(user.email, TEST_PASSWORD, ip)).status).toBe(200);
    expect(await db().signInThrottle.findUnique({ where: { email: user.email } })).toBeNull();
  });
});
