import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { Actor } from "@/server/identity/actor";
import { actorFromHeaders } from "@/server/identity/session";
import { appRouter } from "@/server/routers";
import { requestMeta } from "@/server/trpc/context";

// The dashboard's own route handlers, called in-process with real Requests: the same sign-in, session
// cookie, tRPC fetch adapter, transformer and error formatter as in production, without a server build or
// a port (a `next start` per test file would cost a build and a port on a machine shared by many runs).
// Only the socket is missing, which these tests do not look at.

const origin = () => publicUrl(serverEnv());

/** A local account with a password, signed in through /api/auth: its session cookie and user id. */
export async function signedInUser(role: Role, teamIds: string[] = []) {
  const userId = randomUUID();
  const email = `${role}-${userId.slice(0, 8)}@http.test.local`;
  const password = `pw-${randomUUID()}`;
  await db().user.create({
    data: { id: userId, email, name: `HTTP ${role}`, role, emailVerified: true, memberships: { create: teamIds.map((teamId) => ({ teamId })) } },
  });
  await db().account.create({ data: { id: randomUUID(), accountId: userId, providerId: "credential", userId, password: await hashPassword(password) } });
  const response = await authPost(
    new Request(`${origin()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: origin(), "x-forwarded-for": "127.0.0.9" },
      body: JSON.stringify({ email, password }),
    }),
  );
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const actor = await actorFromHeaders(new Headers({ cookie }));
  if (!actor) throw new Error("the session cookie from sign-in does not resolve to a session");
  return { userId, email, role, cookie, actor };
}
export type SignedInUser = Awaited<ReturnType<typeof signedInUser>>;

export interface TrpcAnswer {
  status: number;
  /** The error as the client sees it, after the transformer; null on success. */
  error: { message: string; code: number; data: { code: string; httpStatus: number; path?: string; fieldErrors: Record<string, string[]> | null } } | null;
  raw: string;
}

/**
 * The request's input text. superjson (the app's transformer) refuses to encode some values, e.g. objects
 * with a __proto__ key; a hostile client sends them anyway, as plain JSON in the same envelope.
 */
export function encodeInput(value: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(value));
  } catch {
    return JSON.stringify({ json: value }, (_key, inner: unknown) => (typeof inner === "bigint" ? inner.toString() : inner));
  }
}

/** What the server's transformer makes of the request's input text (it throws where the server refuses). */
export const decodeInput = (encoded: string): unknown => superjson.deserialize(JSON.parse(encoded) as Parameters<typeof superjson.deserialize>[0]);

/**
 * One non-batched tRPC call, as @trpc/client sends it: queries as GET with the superjson-encoded input in the
 * query string, mutations as a POST body. `body` overrides the encoded input with raw text, for malformed
 * transport. With `cookie` the request goes through the route handler, which looks the session up; with
 * `actor` (resolved once from a real session by signedInUser) it goes through the same fetch adapter and
 * router with that actor, skipping only the session lookup, which is most of a call's cost when thousands
 * of calls test the input rather than the session.
 */
export async function trpcHttp(
  call: { path: string; type: "query" | "mutation"; input?: unknown; body?: string },
  as: { cookie?: string; actor?: Actor; requestId?: string } = {},
): Promise<TrpcAnswer> {
  const encoded = call.body ?? encodeInput(call.input);
  const headers: Record<string, string> = { origin: origin(), "user-agent": "vitest-http", "x-forwarded-for": "127.0.0.9" };
  if (as.cookie) headers.cookie = as.cookie;
  if (as.requestId) headers["x-request-id"] = as.requestId;
  const url = `${origin()}/api/trpc/${call.path}`;
  const request =
    call.type === "query"
      ? new Request(`${url}?input=${encodeURIComponent(encoded)}`, { headers })
      : new Request(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: encoded });
  const actor = as.actor;
  const response = actor
    ? await fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: () => ({ actor, meta: requestMeta(request.headers) }) })
    : await (call.type === "query" ? trpcGet : trpcPost)(request);
  const raw = await response.text();
  let error: TrpcAnswer["error"] = null;
  if (response.status >= 300) {
    const parsed = JSON.parse(raw) as { error: Parameters<typeof superjson.deserialize>[0] };
    error = superjson.deserialize(parsed.error) as TrpcAnswer["error"];
  }
  return { status: response.status, error, raw };
}
