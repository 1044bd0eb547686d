import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { z } from "zod";
import { requestMeta } from "@/server/trpc/context";
import { admitSignIn, lockedMessage, normalizeEmail, recordSignIn, recordWrongPassword } from "./lockout";
import { signInInput } from "./sign-in-input";

// better-auth hooks around the email/password sign-in: before it, input too long to be an email or a password is
// refused (400, naming the field), and the attempt is counted for the address's lockout, or refused while it is
// locked, before any password is checked; after it, a wrong password is audited (and may lock) and a success
// clears the count. After sign-in and get-session, the session token is taken out of the JSON body.

const SIGN_IN = "/sign-in/email";
const emailOf = (body: unknown) => z.object({ email: z.email() }).safeParse(body);

function lockedError(until: Date) {
  return new APIError("TOO_MANY_REQUESTS", { code: "ACCOUNT_LOCKED", message: lockedMessage(until, new Date()) });
}

const before = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== SIGN_IN) return;
  const bounded = signInInput.safeParse(ctx.body);
  if (!bounded.success) {
    const issue = bounded.error.issues[0];
    throw new APIError("BAD_REQUEST", { code: "INVALID_INPUT", message: issue.message, field: issue.path.join(".") });
  }
  const parsed = emailOf(ctx.body);
  if (!parsed.success) return; // better-auth answers malformed input itself
  const admission = await admitSignIn(normalizeEmail(parsed.data.email), requestMeta(ctx.headers ?? new Headers()));
  if (!admission.admitted) throw lockedError(admission.lockedUntil);
});

/** get-session over HTTP answers without the token: the HttpOnly cookie is the only place page scripts
 * could not read it from. Server-side calls (auth.api.getSession, no request) are left as they are. */
function withoutSessionToken(returned: unknown) {
  if (!returned || typeof returned !== "object" || !("session" in returned)) return null;
  const { session } = returned as { session: Record<string, unknown> | null };
  return session && "token" in session ? { ...returned, session: { ...session, token: null } } : null;
}

const after = createAuthMiddleware(async (ctx) => {
  if (ctx.path === "/get-session" && ctx.request) {
    const stripped = withoutSessionToken(ctx.context.returned);
    return stripped ? ctx.json(stripped) : undefined;
  }
  if (ctx.path !== SIGN_IN) return;
  const parsed = emailOf(ctx.body);
  if (!parsed.success) return;
  const email = normalizeEmail(parsed.data.email);
  const meta = requestMeta(ctx.headers ?? new Headers());
  const returned = ctx.context.returned;
  if (isAPIError(returned)) {
    // Only a rejected password (or unknown address: same answer) is a failure to audit; the attempt itself was
    // counted before the check. Refusals of our own (lock, input) were answered in the before hook.
    if (returned.statusCode !== 401) return;
    const lock = await recordWrongPassword(email, meta);
    // A Response rather than a thrown APIError: better-auth would keep the failed endpoint's 401 status.
    if (lock) return Response.json(lockedError(lock).body, { status: 429 });
    return;
  }
  if (!ctx.context.newSession) return;
  await recordSignIn(email, meta);
  // The session token travels in the HttpOnly cookie only: page scripts have no use for it in the body.
  if (returned && typeof returned === "object" && "token" in returned) return ctx.json({ ...returned, token: null });
});

export const signInHooks = { before, after };
