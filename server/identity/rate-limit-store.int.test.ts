import { afterEach, describe, expect, it } from "vitest";
import { auth } from "@/server/identity/auth";
import { makeAccount, signInRequest, TEST_PASSWORD } from "@/testing/accounts";
import { consumeRate } from "./rate-limit-store";

// The per-address sign-in limit as a sliding window in Postgres: times are given to the store, so minutes pass
// in milliseconds; then the real handler, whose limit every replica shares because it lives in the database.

const rule = { window: 60, max: 20 };
const t0 = Date.parse("2031-03-01T09:00:00Z");
const at = (seconds: number) => new Date(t0 + seconds * 1000);
const saved = process.env.BULKHEAD_SIGNIN_LIMIT_PER_MINUTE;
afterEach(() => {
  if (saved === undefined) delete process.env.BULKHEAD_SIGNIN_LIMIT_PER_MINUTE;
  else process.env.BULKHEAD_SIGNIN_LIMIT_PER_MINUTE = saved;
});

describe("sliding-window rate limit", () => {
  it("never refuses someone signing in four times a minute, however long they keep at it", async () => {
    const refused = [];
    for (let i = 0; i < 4 * 30; i++) {
      const decision = await consumeRate("steady|/sign-in/email", rule, at(i * 15));
      if (!decision.allowed) refused.push(i);
    }
    expect(refused).toEqual([]);
  });

  it("refuses the 21st request within any 60 s, says when to come back, and admits again once the oldest has left the window", async () => {
    const key = "burst|/sign-in/email";
    for (let i = 0; i < 20; i++) expect((await consumeRate(key, rule, at(i))).allowed).toBe(true);
    expect(await consumeRate(key, rule, at(30))).toEqual({ allowed: false, retryAfter: 30 });
    // Refusals are not counted: at 60.5 s the first request (at 0 s) has left the window, the second has not.
    expect((await consumeRate(key, rule, at(60.5))).allowed).toBe(true);
    expect((await consumeRate(key, rule, at(60.6))).allowed).toBe(false);
    expect((await consumeRate(key, rule, at(61.5))).allowed).toBe(true);
  });

  it("admits exactly the limit when many requests arrive at once", async () => {
    const now = at(500);
    const decisions = await Promise.all(Array.from({ length: 60 }, () => consumeRate("crowd|/sign-in/email", rule, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
  });

  it("keys of any length are stored (hashed), never a 500", async () => {
    expect((await consumeRate(`x|/${"a".repeat(10_000)}`, rule)).allowed).toBe(true);
  });
});

describe("sign-in per client address, through better-auth's handler", () => {
  it("answers 429 beyond BULKHEAD_SIGNIN_LIMIT_PER_MINUTE from one address, while another address still signs in", async () => {
    process.env.BULKHEAD_SIGNIN_LIMIT_PER_MINUTE = "3";
    // better-auth reads its rules when it is built: a fresh instance for this limit.
    (globalThis as { bulkheadAuth?: unknown }).bulkheadAuth = undefined;
    const user = await makeAccount("developer");
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await auth().handler(signInRequest(user.email, TEST_PASSWORD, "192.0.2.77"))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await auth().handler(signInRequest(user.email, TEST_PASSWORD, "192.0.2.78"))).status).toBe(200);
    (globalThis as { bulkheadAuth?: unknown }).bulkheadAuth = undefined;
  });

  it("answers an email or a password too long to be one with 400 naming the field, not 500", async () => {
    const email = `${"a".repeat(2_690)}@example.com`;
    const long = await auth().handler(signInRequest(email, "whatever-password", "192.0.2.80"));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ message: "Email: at most 254 characters" });
    const password = await auth().handler(signInRequest("someone@example.com", "p".repeat(5_000), "192.0.2.81"));
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ message: "Password: at most 128 characters" });
  });
});
