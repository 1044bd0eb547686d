import { createHmac, timingSafeEqual } from "node:crypto";
import { parseCookies } from "better-auth/cookies";
import { dbPool } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { Actor } from "./actor";
import { auth } from "./auth";

// Every request resolves its caller, so this is on the hot path of every procedure (bench P4): one query
// reads the session, its user and their teams, where better-auth's getSession takes two and the teams a
// third. The session is still read from the database each time, so a revoked one stops working at once.
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

/** The session token from better-auth's signed cookie (`token.HMAC-SHA256(token)` in base64), or null if absent or forged. */
function signedSessionToken(headers: Headers, context: AuthContext): string | null {
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  const value = parseCookies(cookie).get(context.authCookies.sessionToken.name);
  const dot = value?.lastIndexOf(".") ?? -1;
  if (!value || dot < 1) return null;
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

async function findSession(token: string): Promise<SessionRow | null> {
  const { rows } = await dbPool().query<SessionRow>({ name: "bulkhead-session-actor", text: SESSION_ACTOR, values: [token] });
  return rows[0] ?? null;
}

/** The signed-in actor for these request headers, or null. Team memberships are read fresh each time. */
export async function actorFromHeaders(headers: Headers): Promise<Actor | null> {
  const context = await auth().$context;
  const token = signedSessionToken(headers, context);
  if (!token) return null;
  const session = await findSession(token);
  if (!session) return null;
  const { sessionConfig } = context;
  const now = Date.now();
  const refreshDue = session.expiresAtMs - sessionConfig.expiresIn * 1000 + sessionConfig.updateAge * 1000 <= now;
  if (session.expiresAtMs < now || refreshDue) {
    const current = await auth().api.getSession({ headers });
    if (!current) return null;
  }
  return { userId: session.userId, email: session.email, name: session.name, role: session.role, teamIds: session.teamIds };
}
