import type { OpenApiMeta } from "trpc-to-openapi";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Serves a procedure under /api/v1 as `method path` too (server/rest/handler.ts), described in the OpenAPI document
 * (server/rest/openapi.ts) from its own input and output schemas. `{name}` in the path is that input field.
 */
export function rest(method: Method, path: `/${string}`, summary: string): OpenApiMeta {
  return { openapi: { method, path, summary, tags: [path.split("/")[1]], protect: true } };
}
