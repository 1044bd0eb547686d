import { randomUUID } from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import type { RequestMeta } from "./actor";
import { oidcConfig, OIDC_PROVIDER_ID, type OidcConfig } from "./oidc-config";
import { groupsFromClaims } from "./oidc-groups";
import { recordSsoRefusal, resolveOrRefuse, SsoRefusedError, syncSsoUser } from "./oidc-sync";
import { SSO_MESSAGES } from "./sso-messages";

// Single sign-on with OpenID Connect through better-auth's generic-oauth plugin (discovery, PKCE, state,
// nonce, ID token verified against the IdP's published keys), plus Bulkhead's own rules in a second plugin:
// - IdP groups decide role and teams at every sign-in; a user with no mapped group is refused (audited);
// - an SSO identity is never attached to an existing account by matching email: whoever controls an IdP
//   account with that address would otherwise take over the local (password) account, admins included.
//   Such a sign-in is refused with `account_not_linked`; the local account keeps signing in with its password.

/** Codes our own rules refuse with; they are audited where they are decided, with the email and groups. */
const AUDITED_REFUSALS = new Set<string>(["no_mapped_group", "unknown_team", "account_deactivated"]);

/** The parts of a better-auth endpoint context these rules read (hooks get a few shapes of it). */
type HookContext = { path?: string; params?: Record<string, string | undefined>; headers?: Headers; request?: Request } | null | undefined;

/** Audit metadata for a better-auth request (the same fields server/trpc/context.ts records). */
function metaOf(ctx: HookContext): RequestMeta {
  const headers = ctx?.headers ?? ctx?.request?.headers;
  return {
    requestId: randomUUID(),
    // The launcher replaces x-forwarded-for with the socket address (or the trusted proxy's value).
    sourceIp: headers?.get("x-forwarded-for")?.split(",")[0]?.trim() || null,
    userAgent: headers?.get("user-agent")?.slice(0, 512) ?? null,
  };
}

const isOidcCallback = (ctx: HookContext) => Boolean(ctx?.path?.startsWith("/callback") && ctx.params?.id === OIDC_PROVIDER_ID);

/** Claims of an ID token that better-auth has already verified (signature, issuer, audience, nonce). */
function idTokenClaims(idToken: string | null | undefined): Record<string, unknown> {
  if (!idToken) return {};
  try {
    return JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function bulkheadSsoRules(config: OidcConfig, baseUrl: string): BetterAuthPlugin {
  return {
    id: "bulkhead-sso",
    // Starting SSO guesses nothing (the IdP checks the password), but better-auth's default for /sign-in/*
    // is 3 per 10 s per address, which an office behind one NAT address exceeds at nine o'clock. Same
    // budget as password sign-in instead.
    rateLimit: [{ pathMatcher: (path) => path === "/sign-in/social", window: 60, max: serverEnv().BULKHEAD_SIGNIN_LIMIT_PER_MINUTE }],
    init: () => ({
      options: {
        // Never link by email (see above); the refusal is explicit rather than a silent merge.
        // The IdP's access and refresh tokens are kept encrypted with the auth secret (Bulkhead does not use them).
        account: { accountLinking: { disableImplicitLinking: true }, encryptOAuthTokens: true },
        // Callback failures without a sign-in attempt of ours to return to (no state) land on the sign-in page.
        onAPIError: { errorURL: `${baseUrl}/sign-in` },
        user: {
          // The gate better-auth runs before creating, linking or signing in a provider user, with the fresh
          // claims: refuse early, before any user row is written, when no group is mapped.
          validateUserInfo: async ({ user, source }, ctx) => {
            if (source.method !== "oauth" || source.oauth?.providerId !== OIDC_PROVIDER_ID) return;
            if (source.action === "link-account") return { error: "account_not_linked", errorDescription: "Single sign-on identities are not linked to existing accounts." };
            const groups = groupsFromClaims(source.oauth.profile ?? {}, config.groupsClaim);
            const userId = source.action === "sign-in" && typeof user.id === "string" ? user.id : null;
            // A deactivated person stays out, whatever their IdP says, until an admin reactivates them.
            if (userId && (await db().user.findUnique({ where: { id: userId }, select: { deactivatedAt: true } }))?.deactivatedAt) {
              await recordSsoRefusal(db(), { userId, meta: metaOf(ctx), details: { email: String(user.email ?? "") }, reason: "account deactivated" });
              return { error: "account_deactivated", errorDescription: SSO_MESSAGES.account_deactivated };
            }
            try {
              await resolveOrRefuse(db(), { email: String(user.email ?? ""), groups, userId, meta: metaOf(ctx) }, config.groupMap);
            } catch (error) {
              if (error instanceof SsoRefusedError) return { error: error.code, errorDescription: error.message };
              throw error;
            }
          },
        },
        databaseHooks: {
          session: {
            create: {
              // Every SSO session starts with role and teams set from the groups in the verified ID token
              // just stored on the account; a refusal here aborts the sign-in with its reason.
              before: async (session, ctx) => {
                if (!isOidcCallback(ctx)) return;
                const account = await db().account.findFirst({
                  where: { userId: session.userId, providerId: OIDC_PROVIDER_ID },
                  select: { idToken: true, user: { select: { email: true } } },
                });
                const groups = groupsFromClaims(idTokenClaims(account?.idToken), config.groupsClaim);
                try {
                  await syncSsoUser(db(), { userId: session.userId, email: account?.user.email ?? "", groups, meta: metaOf(ctx) }, config.groupMap);
                } catch (error) {
                  if (error instanceof SsoRefusedError) throw new APIError("FORBIDDEN", { code: error.code, message: error.message });
                  throw error;
                }
              },
            },
          },
        },
      },
    }),
    hooks: {
      before: [
        {
          // better-auth would also sign in with an ID token posted by the client (/sign-in/social with
          // idToken), which skips the callback, so the role and team sync, and accepts tokens replayed from
          // elsewhere. Bulkhead signs in through the redirect only.
          matcher: (ctx) => ctx.path === "/sign-in/social" && (ctx.body as { provider?: unknown } | undefined)?.provider === OIDC_PROVIDER_ID && Boolean((ctx.body as { idToken?: unknown }).idToken),
          handler: createAuthMiddleware(async () => {
            throw new APIError("FORBIDDEN", { code: "id_token_sign_in_disabled", message: "Sign in through the single sign-on button." });
          }),
        },
      ],
      after: [
        {
          // Every other refused SSO callback (IdP error, cancelled login, email of a local account, bad state)
          // is audited as denied with its code; the callback answers with a redirect carrying `error`.
          matcher: (ctx) => isOidcCallback(ctx),
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as { headers?: Headers } | undefined;
            const location = returned?.headers instanceof Headers ? returned.headers.get("location") : null;
            if (!location) return;
            const params = new URL(location, baseUrl).searchParams;
            const code = params.get("error");
            if (!code || AUDITED_REFUSALS.has(code)) return;
            const description = params.get("error_description");
            await recordSsoRefusal(db(), {
              meta: metaOf(ctx),
              details: { error: code.slice(0, 100) },
              reason: `single sign-on failed: ${code.slice(0, 100)}${description ? ` (${description.slice(0, 200)})` : ""}`,
            });
          }),
        },
      ],
    },
  };
}

/** The better-auth plugins for single sign-on: none when BULKHEAD_OIDC_* is not set. */
export function oidcPlugins(baseUrl: string): BetterAuthPlugin[] {
  const config = oidcConfig();
  if (!config) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: config.providerId,
          name: config.displayName,
          discoveryUrl: config.discoveryUrl,
          // Without the IdP's keys the groups claim could not be trusted: skip the provider rather than decode unverified.
          requireIdTokenVerification: true,
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          scopes: config.scopes,
          pkce: true,
          // Some IdPs send no display name; the shell and the audit trail then show the email.
          mapProfileToUser: (profile) => ({ name: typeof profile.name === "string" && profile.name.trim() ? profile.name : String(profile.email ?? "") }),
          // Signing out ends the Bulkhead session only; the IdP session is the IdP's (RP-initiated logout
          // would strand the browser on the IdP's page unless a post-logout address is registered there).
          disableProviderLogout: true,
        },
      ],
    }),
    bulkheadSsoRules(config, baseUrl),
  ];
}
