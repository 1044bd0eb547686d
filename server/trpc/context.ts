import { randomUUID } from "node:crypto";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { actorFromHeaders } from "@/server/identity/session";

export interface Context {
  actor: Actor | null;
  meta: RequestMeta;
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

export async function createContext({ headers }: { headers: Headers }): Promise<Context> {
  return { actor: await actorFromHeaders(headers), meta: requestMeta(headers) };
}
