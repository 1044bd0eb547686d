// The single sign-on wiring end to end without a browser: better-auth's real handler, the real local OIDC
// provider (oidc-provider, as in the browser journey) and a real Postgres. The test plays the browser:
// it follows redirects and carries each side's cookies.
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider } from "@/e2e/oidc/provider";
import { IDP_USERS, OIDC_CLIENT, OIDC_GROUP_MAP } from "@/e2e/oidc/fixture";
import { db } from "@/server/db/client";
import { SSO_SIGN_IN_ACTION } from "./oidc-sync";

const APP = "http://localhost:3000";
const IDP_PORT = 39000 + Math.floor(Math.random() * 1000);
let idp: Server;
let auth: typeof import("./auth").auth;

beforeAll(async () => {
  ({ server: idp } = await startOidcProvider({ port: IDP_PORT, redirectUri: `${APP}/api/auth/callback/oidc` }));
  Object.assign(process.env, {
    PORT: "3000",
    BULKHEAD_OIDC_ISSUER: `http://127.0.0.1:${IDP_PORT}`,
    BULKHEAD_OIDC_CLIENT_ID: OIDC_CLIENT.id,
    BULKHEAD_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    BULKHEAD_OIDC_GROUP_MAP: JSON.stringify(OIDC_GROUP_MAP),
  });
  await db().team.createMany({ data: [{ slug: "storefront", name: "Storefront" }, { slug: "payments", name: "Payments" }] });
  ({ auth } = await import("./auth"));
});

afterAll(() => new Promise<void>((resolve) => idp.close(() => resolve())));

/** name=value pairs from Set-Cookie, as a browser keeps them per site. */
class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

const browserHeaders = { origin: APP, "x-forwarded-for": "127.0.0.1", "user-agent": "sso-int-test" };

async function app(jar: CookieJar, path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await auth().handler(
    new Request(`${APP}${path}`, {
      method: init.method ?? "GET",
      headers: { ...browserHeaders, cookie: jar.header(), ...(init.json ? { "content-type": "application/json" } : {}) },
      body: init.json ? JSON.stringify(init.json) : undefined,
    }),
  );
  jar.take(response);
  return response;
}

/** Walks the authorization-code flow: start at Bulkhead, log in at the IdP, return to the callback. */
async function ssoSignIn(username: string) {
  const user = IDP_USERS.find((candidate) => candidate.username === username)!;
  const appJar = new CookieJar();
  const idpJar = new CookieJar();
  const start = await app(appJar, "/api/auth/sign-in/social", { method: "POST", json: { provider: "oidc", callbackURL: "/", errorCallbackURL: "/sign-in" } });
  expect(start.status).toBe(200);
  let url = ((await start.json()) as { url: string }).url;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(`${APP}/api/auth/callback/oidc`)) {
      const callback = await app(appJar, url.slice(APP.length));
      return { callback, location: callback.headers.get("location") ?? "", appJar };
    }
    const interaction = /\/interaction\/([^/?]+)$/.exec(new URL(url).pathname);
    const response = interaction
      ? await fetch(`${url}/login`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie: idpJar.header(), "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ username: user.username, password: user.password }),
        })
      : await fetch(url, { redirect: "manual", headers: { cookie: idpJar.header() } });
    idpJar.take(response);
    url = new URL(response.headers.get("location") ?? "", url).toString();
  }
  throw new Error("the flow did not come back to Bulkhead");
}

describe("single sign-on through better-auth and a real OIDC provider", () => {
  it("creates alice with the mapped role and team, audits it, and gives her a session", async () => {
    const { callback, location, appJar } = await ssoSignIn("alice");
    expect(callback.status).toBe(302);
    expect(location).toBe("/");
    const user = await db().user.findUniqueOrThrow({ where: { email: "alice@corp.example" }, include: { memberships: { include: { team: true } }, accounts: true } });
    expect(user.role).toBe("developer");
    expect(user.memberships.map((m) => m.team.slug)).toEqual(["storefront"]);
    expect(user.accounts.map((a) => a.providerId)).toEqual(["oidc"]);
    const session = await auth().api.getSession({ headers: new Headers({ cookie: appJar.header() }) });
    expect(session?.user.email).toBe("alice@corp.example");
    const [event] = await db().auditEvent.findMany({ where: { action: SSO_SIGN_IN_ACTION, outcome: "ok", resourceId: user.id } });
    expect(event.after).toEqual({ role: "developer", teams: ["storefront"], groups: ["storefront-devs"] });
  });

  it("refuses nora (no mapped group) without creating her, and sends her back to the sign-in page", async () => {
    const { location } = await ssoSignIn("nora");
    expect(location).toMatch(/^\/sign-in\?error=no_mapped_group/);
    expect(await db().user.count({ where: { email: "nora@corp.example" } })).toBe(0);
    const denied = await db().auditEvent.findMany({ where: { action: SSO_SIGN_IN_ACTION, outcome: "denied" } });
    expect(denied.map((e) => e.after)).toContainEqual({ email: "nora@corp.example", groups: ["marketing", "all-staff"] });
  });

  it("does not attach an IdP identity to a local account with the same email", async () => {
    const local = await db().user.create({ data: { id: "local-dev", email: "dev@bulkhead.local", name: "Local Dev", role: "developer", emailVerified: true } });
    const { location } = await ssoSignIn("mallory");
    expect(location).toMatch(/^\/sign-in\?error=account_not_linked/);
    expect(await db().account.count({ where: { userId: local.id } })).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: local.id } })).role).toBe("developer");
    const denied = await db().auditEvent.findMany({ where: { action: SSO_SIGN_IN_ACTION, outcome: "denied", reason: "single sign-on failed: account_not_linked" } });
    expect(denied).toHaveLength(1);
  });

  it("refuses alice once an admin deactivated her, whatever her IdP says, audited; reactivated, she signs in again", async () => {
    const alice = await db().user.findUniqueOrThrow({ where: { email: "alice@corp.example" } });
    await db().user.update({ where: { id: alice.id }, data: { deactivatedAt: new Date() } });
    const { location, appJar } = await ssoSignIn("alice");
    expect(location).toMatch(/^\/sign-in\?error=account_deactivated/);
    expect(appJar.header()).not.toContain("session_token");
    const denied = await db().auditEvent.findMany({ where: { action: SSO_SIGN_IN_ACTION, outcome: "denied", resourceId: alice.id, reason: "account deactivated" } });
    expect(denied).toHaveLength(1);
    await db().user.update({ where: { id: alice.id }, data: { deactivatedAt: null } });
    expect((await ssoSignIn("alice")).location).toBe("/");
  });

  it("refuses a replayed ID token posted to /sign-in/social, which would skip the role and team sync", async () => {
    const alice = await db().user.findUniqueOrThrow({ where: { email: "alice@corp.example" }, include: { accounts: true } });
    const idToken = alice.accounts[0].idToken!;
    expect(idToken.split(".")).toHaveLength(3);
    const jar = new CookieJar();
    const response = await app(jar, "/api/auth/sign-in/social", { method: "POST", json: { provider: "oidc", idToken: { token: idToken } } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "id_token_sign_in_disabled" });
    expect(jar.header()).not.toContain("session_token");
  });
});
