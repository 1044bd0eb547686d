import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { isDatabaseUnavailable } from "@/server/db/availability";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { actorFromHeaders } from "@/server/identity/session";
import { actorFromBearer } from "@/server/tokens/bearer";

export interface Context {
  actor: Actor | null;
  meta: RequestMeta;
  /** Why the credentials sent were refused (an API token revoked, expired, unknown): the 401 says so. */
  credentialProblem?: string;
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

export function requestMeta(headers: Headers): RequestMeta {
  const given = headers.get("x-request-id");
  return {
    requestId: given && requestIdPattern.test(given) ? given : randomUUID(),
    // The launcher replaces x-forwarded-for with the socket address (or the trusted proxy's value).
    sourceIp: headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/**
 * The caller: an API token when the request has an Authorization header (cookies are then ignored, so a token
 * request can never ride on a browser's session), else the session cookie.
 */
export async function createContext({ headers }: { headers: Headers }): Promise<Context> {
  const meta = requestMeta(headers);
  try {
    const authorization = headers.get("authorization");
    if (authorization === null) return { actor: await actorFromHeaders(headers), meta };
    const bearer = await actorFromBearer(authorization, meta);
    return bearer.actor ? { actor: bearer.actor, meta } : { actor: null, meta, credentialProblem: bearer.problem };
  } catch (error) {
    // The session lookup is every call's first query: a stalled database answers 503 here, within its timeouts.
    if (isDatabaseUnavailable(error)) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database did not answer in time; try again in a moment", cause: error });
    throw error;
  }
}
