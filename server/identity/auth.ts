import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { db } from "@/server/db/client";
import { publicUrl, serverEnv } from "@/server/config/env";
import { oidcPlugins } from "./oidc-plugin";

// better-auth: maintained, stores sessions in our own Postgres tables through Prisma, hashes
// passwords with scrypt, and has an OpenID Connect plugin (generic-oauth) for single sign-on later.
function createAuth() {
  const env = serverEnv();
  const base = publicUrl(env);
  return betterAuth({
    baseURL: base,
    secret: env.BULKHEAD_AUTH_SECRET,
    database: prismaAdapter(db(), { provider: "postgresql" }),
    trustedOrigins: [base, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`],
    // Accounts are created by an admin (and the seed), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    user: { additionalFields: { role: { type: "string", input: false } } },
    session: { expiresIn: env.BULKHEAD_SESSION_TTL_HOURS * 3600, updateAge: 15 * 60 },
    // Slows password guessing per client address; account lockout comes with the hardening work.
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { "/sign-in/email": { window: 60, max: env.BULKHEAD_SIGNIN_LIMIT_PER_MINUTE } } },
    advanced: {
      useSecureCookies: true,
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
const holder = globalThis as unknown as { bulkheadAuth?: Auth };

export function auth(): Auth {
  holder.bulkheadAuth ??= createAuth();
  return holder.bulkheadAuth;
}
