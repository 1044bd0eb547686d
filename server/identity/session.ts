import { createHmac, timingSafeEqual } from "node:crypto";
import { parseCookies } from "better-auth/cookies";
import { dbPool } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { Actor } from "./actor";
import { auth } from "./auth";
import { SessionCache } from "./session-cache";

// Every request resolves its caller, so this is on the hot path of every procedure (bench P4): one query
// reads the session, its user and their teams, where better-auth's getSession takes two and the teams a
// third, and its answer is kept until Postgres says any of them changed (./session-cache.ts), so a revoked
// session stops working in every process as soon as the revocation commits and its notice arrives.
// better-auth keeps the paths that write: deleting an expired session and extending an idle one that is
// due (its updateAge), so its rules for those stay the only ones.

interface SessionRow {
  expiresAtMs: number;
  userId: string;
  email: string;
  name: string;
  role: Role;
  teamIds: string[];
}

type AuthContext = Awaited<ReturnType<typeof auth>["$context"]>;

/** better-auth's signed session cookie as sent (`token.HMAC-SHA256(token)` in base64), not yet checked. */
function sessionCookie(headers: Headers, context: AuthContext): string | null {
  const cookie = headers.get("cookie");
  return cookie ? (parseCookies(cookie).get(context.authCookies.sessionToken.name) ?? null) : null;
}

/** The session token of a signed cookie value, or null if its signature does not match. */
function verifiedToken(value: string, context: AuthContext): string | null {
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", context.secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

// Named, so each pooled connection parses and plans it once. expiresAt is stored as UTC without a zone; its epoch
// is read as such, whatever the connection's TimeZone.
const SESSION_ACTOR = `
  SELECT (extract(epoch FROM s."expiresAt") * 1000)::float8 AS "expiresAtMs", u.id AS "userId", u.email, u.name, u.role::text AS role,
         COALESCE(array_agg(m."teamId" ORDER BY m."teamId") FILTER (WHERE m."teamId" IS NOT NULL), '{}') AS "teamIds"
  FROM "Session" s
  JOIN "User" u ON u.id = s."userId"
  LEFT JOIN "Membership" m ON m."userId" = u.id
  WHERE s.token = $1 AND u."deactivatedAt" IS NULL
  GROUP BY s.id, u.id`;

// Typed slot on globalThis (one per process, shared by the launcher and the dashboard's server bundle).
declare global {
  var bulkheadSessionCache: SessionCache<SessionRow> | undefined;
}

/** The process's session cache, listening on the current database (a new one after disconnectDb). */
export function sessionCache(): SessionCache<SessionRow> {
  if (!globalThis.bulkheadSessionCache || globalThis.bulkheadSessionCache.listener.stopped) globalThis.bulkheadSessionCache = new SessionCache();
  return globalThis.bulkheadSessionCache;
}

/**
 * Resolves once this process's cached sessions reflect every change committed before the call (SessionCache.
 * caughtUp). A revocation awaits it after committing, so the process that revoked refuses the next request at once;
 * other processes do so when Postgres's notice reaches them.
 */
export async function sessionChangesSeen(): Promise<void> {
  await globalThis.bulkheadSessionCache?.caughtUp();
}

/** The session of a signed cookie value. Kept under the whole signed value: only one whose signature matched is. */
async function findSession(signed: string, context: AuthContext): Promise<SessionRow | null> {
  const cache = sessionCache();
  const cached = cache.get(signed);
  if (cached) return cached;
  const token = verifiedToken(signed, context);
  if (!token) return null;
  const ticket = cache.ticket();
  const { rows } = await dbPool().query<SessionRow>({ name: "bulkhead-session-actor", text: SESSION_ACTOR, values: [token] });
  const row = rows[0] ?? null;
  if (row) cache.store(signed, row, ticket);
  return row;
}

/** The signed-in actor for these request headers, or null. Team memberships are as of the last notice received. */
export async function actorFromHeaders(headers: Headers): Promise<Actor | null> {
  const context = await auth().$context;
  const signed = sessionCookie(headers, context);
  if (!signed) return null;
  const session = await findSession(signed, context);
  if (!session) return null;
  const { sessionConfig } = context;
  const now = Date.now();
  const refreshDue = session.expiresAtMs - sessionConfig.expiresIn * 1000 + sessionConfig.updateAge * 1000 <= now;
  if (session.expiresAtMs < now || refreshDue) {
    const current = await auth().api.getSession({ headers });
    if (!current) return null;
  }
  return { userId: session.userId, email: session.email, name: session.name, role: session.role, teamIds: [...session.teamIds] };
}
