// The REST routes: every procedure of the router whose meta has `openapi` (server/rest/meta.ts), matched by method
// and path. Read from the router itself, so a route and its procedure cannot drift apart.
import { ZodType } from "zod";
import { appRouter } from "@/server/routers";
import { proceduresOf } from "@/server/trpc/router-procedures";

export interface RestRoute {
  method: string;
  /** As declared, e.g. /deployments/{id}/scale. */
  path: string;
  /** The procedure's "area.name". */
  procedure: string;
  input: ZodType | null;
  /** Names of the path's {parameters}, in order. */
  params: string[];
  pattern: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function compile(path: string): { params: string[]; pattern: RegExp } {
  const params: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!param) return escape(segment);
      params.push(param);
      return "([^/]+)";
    })
    .join("/");
  return { params, pattern: new RegExp(`^${source}/?$`) };
}

function buildRoutes(): RestRoute[] {
  return proceduresOf(appRouter).flatMap(({ path: procedure, meta, inputs }) => {
    const openapi = meta?.openapi;
    if (!openapi || openapi.enabled === false) return [];
    const input = inputs[0];
    return [{ method: openapi.method, path: openapi.path, procedure, input: input instanceof ZodType ? input : null, ...compile(openapi.path) }];
  });
}

let routes: RestRoute[] | undefined;
export const restRoutes = (): RestRoute[] => (routes ??= buildRoutes());

export type RouteMatch = { route: RestRoute; pathInput: Record<string, string> } | { allowed: string[] } | null;

/** The route for this method and path (below /api/v1); else the methods the path has (405), or null (404). */
export function matchRoute(method: string, path: string): RouteMatch {
  const candidates = restRoutes().flatMap((route) => {
    const found = route.pattern.exec(path);
    return found ? [{ route, values: found.slice(1) }] : [];
  });
  if (!candidates.length) return null;
  const hit = candidates.find(({ route }) => route.method === method.toUpperCase());
  if (!hit) return { allowed: [...new Set(candidates.map(({ route }) => route.method))] };
  let pathInput: Record<string, string>;
  try {
    pathInput = Object.fromEntries(hit.route.params.map((name, index) => [name, decodeURIComponent(hit.values[index])]));
  } catch {
    return null; // a malformed %-escape names nothing
  }
  return { route: hit.route, pathInput };
}
