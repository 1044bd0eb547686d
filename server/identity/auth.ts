import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { db } from "@/server/db/client";
import { publicUrl, serverEnv } from "@/server/config/env";
import { appOrigins } from "@/server/web/origins";
import { oidcPlugins } from "./oidc-plugin";
import { refuseDeactivated } from "./deactivated-sign-in";
import { countedPasswordChecks } from "./password-checks";
import { postgresRateLimitStore } from "./rate-limit-store";
import { signInHooks } from "./sign-in-hooks";
import { PASSWORD_MAX, PASSWORD_MIN } from "./credential-limits";

// better-auth: maintained, stores sessions in our own Postgres tables through Prisma, hashes
// passwords with scrypt, and has an OpenID Connect plugin (generic-oauth) for single sign-on later.
function createAuth() {
  const env = serverEnv();
  const base = publicUrl(env);
  return betterAuth({
    baseURL: base,
    secret: env.BULKHEAD_AUTH_SECRET,
    database: prismaAdapter(db(), { provider: "postgresql" }),
    trustedOrigins: appOrigins(env),
    // Accounts are created by an admin (and the seed), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: PASSWORD_MIN, maxPasswordLength: PASSWORD_MAX, password: countedPasswordChecks },
    user: { additionalFields: { role: { type: "string", input: false } } },
    // Idle expiry: each use (at most every 15 min) extends it. No cookie cache, so a revoked session
    // (sign-out, role change) stops working on its very next request.
    session: { expiresIn: env.BULKHEAD_SESSION_TTL_HOURS * 3600, updateAge: 15 * 60, cookieCache: { enabled: false } },
    // Slows password guessing per client address, counted in Postgres so every replica shares the limit
    // (./rate-limit-store.ts); per-account lockout is in the hooks (./lockout.ts).
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: env.BULKHEAD_SIGNIN_LIMIT_PER_MINUTE } },
      customStorage: postgresRateLimitStore,
    },
    // Account lockout and sign-in audit events.
    hooks: signInHooks,
    // Deactivated people get no session, however they sign in.
    databaseHooks: { session: { create: { before: refuseDeactivated } } },
    advanced: {
      // Origin checks stay on under tests too (better-auth turns them off there by default).
      disableOriginCheck: false,
      useSecureCookies: true,
      // HttpOnly and Secure are better-auth's defaults; SameSite is stated here so a test can hold us to it.
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true, secure: true },
      cookiePrefix: "bulkhead",
      // The launcher overwrites this header with the socket's address, so clients cannot spoof it.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    telemetry: { enabled: false },
    // Single sign-on (OpenID Connect) when BULKHEAD_OIDC_* is set; see server/identity/oidc-plugin.ts.
    plugins: oidcPlugins(base),
  });
}

type Auth = ReturnType<typeof createAuth>;
// Typed slots on globalThis (one per process, kept across Next's dev reloads): a global `var` is how TypeScript declares one.
declare global {
  var bulkheadAuth: Auth | undefined;
}
const holder = globalThis;

export function auth(): Auth {
  holder.bulkheadAuth ??= createAuth();
  return holder.bulkheadAuth;
}
