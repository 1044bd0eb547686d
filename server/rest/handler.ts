// /api/v1: the procedures that automation needs, as REST over JSON (routes from each procedure's meta, see
// routes.ts), called through the same router, middleware and services as the dashboard's tRPC API. Errors are
// RFC 9457 problem details (problem.ts). Callers send an API token (Authorization: Bearer bh_…); a browser's
// session works too, under the same-origin rule for anything that changes state.
import { TRPCError } from "@trpc/server";
import { appRouter } from "@/server/routers";
import { createContext, requestMeta } from "@/server/trpc/context";
import { createCallerFactory } from "@/server/trpc/init";
import { procedureOf } from "@/server/trpc/router-procedures";
import { refuseCrossOrigin } from "@/server/web/same-origin";
import { queryInput } from "./input";
import { problem, problemOf, problemResponse } from "./problem";
import { matchRoute } from "./routes";

export const REST_BASE = "/api/v1";
/** Bodies are settings and secrets (at most 64 KiB each): a megabyte is plenty. */
const MAX_BODY_BYTES = 1024 * 1024;
const createCaller = createCallerFactory(appRouter);

type Where = { instance: string; requestId: string };

/** The JSON body as an object, or the problem with it. */
async function bodyInput(request: Request, where: Where): Promise<Record<string, unknown> | Response> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    return problemResponse(problem("unsupported-media-type", 415, `Send the body as JSON (Content-Type: application/json)${contentType ? `, not ${contentType.slice(0, 100)}` : ""}`, where));
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return problemResponse(problem("payload-too-large", 413, `The body is over ${MAX_BODY_BYTES} bytes`, where));
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : {};
  } catch (error) {
    return problemResponse(problem("invalid-input", 400, `The body is not valid JSON: ${(error as Error).message}`, where, [{ field: "", pointer: "#", detail: "not valid JSON" }]));
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return problemResponse(problem("invalid-input", 400, "The body must be a JSON object", where, [{ field: "", pointer: "#", detail: "must be a JSON object" }]));
  }
  return body as Record<string, unknown>;
}

const json = (data: unknown) =>
  new Response(JSON.stringify(data ?? null, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)), { headers: { "content-type": "application/json" } });

export async function handleRest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const where: Where = { instance: url.pathname, requestId: requestMeta(request.headers).requestId };
  if (await refuseCrossOrigin(request)) {
    return problemResponse(problem("forbidden", 403, "Cross-origin request refused: call with an API token (Authorization: Bearer), or from this app's own pages", where));
  }
  const path = url.pathname.slice(REST_BASE.length) || "/";
  const match = matchRoute(request.method, path);
  if (!match) return problemResponse(problem("not-found", 404, `No route ${request.method} ${url.pathname}: see ${REST_BASE}/openapi.json`, where));
  if ("allowed" in match) {
    return problemResponse(problem("method-not-allowed", 405, `${url.pathname} takes ${match.allowed.join(", ")}`, where), { allow: match.allowed.join(", ") });
  }
  const { route, pathInput } = match;
  let input: Record<string, unknown> | undefined;
  if (route.input) {
    if (request.method === "GET" || request.method === "DELETE") input = { ...queryInput(route.input, url.searchParams), ...pathInput };
    else {
      const body = await bodyInput(request, where);
      if (body instanceof Response) return body;
      input = { ...body, ...pathInput };
    }
  }
  const ctx = await createContext({ headers: request.headers });
  const caller = createCaller({ ...ctx, meta: { ...ctx.meta, requestId: where.requestId } });
  try {
    return json(await procedureOf(caller, route.procedure)(input));
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const answer = problemOf(error, where);
    // RFC 6750: say which scheme, and that the token itself was the trouble.
    const challenge = ctx.credentialProblem ? `Bearer realm="bulkhead", error="invalid_token", error_description="${ctx.credentialProblem.replaceAll('"', "'")}"` : 'Bearer realm="bulkhead"';
    return problemResponse(answer, answer.status === 401 ? { "www-authenticate": challenge } : {});
  }
}
