import type { IncomingMessage, ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import path from "node:path";
import type { NextConfig } from "next";
import { publicUrl, serverEnv } from "@/server/config/env";
import { answerTrpc } from "@/server/web/trpc-endpoint";

// /api/trpc answered by the launcher's own HTTP server, before Next.js routing. Under load Next.js' routing and
// request handling took a quarter of the product's CPU per deployments.list call (bench P4's profile) for a
// route that renders nothing. The answer comes from the same function as app/api/trpc's route (same-origin rule,
// caller, procedures, refusal audit), with the security headers next.config.js gives API answers, read from it so
// the two cannot differ. The launcher's server around it still gives the request id, the client address and the
// request log line.

type HeaderRule = Awaited<ReturnType<NonNullable<NextConfig["headers"]>>>[number];

const TRPC_PREFIX = "/api/trpc/";

/** The path of /api/trpc/<procedures>, where only GET and POST are answered (Next.js answers 405 to the rest). */
export function isTrpcRequest(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "POST") && (req.url?.startsWith(TRPC_PREFIX) ?? false);
}

/**
 * The headers next.config.js sets on /api/trpc answers. A rule this cannot judge (a pattern that may match the
 * path, or a has/missing condition) stops the start, so a header added there is never silently left out here.
 */
export function trpcHeaders(rules: HeaderRule[]): [string, string][] {
  const headers: [string, string][] = [];
  for (const rule of rules) {
    const literal = rule.source.split(/[:(*]/)[0];
    if (!TRPC_PREFIX.startsWith(literal) && !literal.startsWith(TRPC_PREFIX)) continue;
    if ((rule.source !== "/:path*" && rule.source !== "/api/:path*") || rule.has || rule.missing) {
      throw new Error(`next.config.js' header rule for ${rule.source} may apply to /api/trpc, which the launcher answers itself: teach server/runtime/trpc-fast-path.ts to judge it`);
    }
    for (const { key, value } of rule.headers) headers.push([key, value]);
  }
  return headers;
}

/** The header rules of the project's next.config.js. */
export async function nextConfigHeaderRules(root: string): Promise<HeaderRule[]> {
  const config = (await import(pathToFileURL(path.join(root, "next.config.js")).href)).default as NextConfig;
  return (await config.headers?.()) ?? [];
}

function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.once("error", reject);
  });
}

function fetchHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.set(name, value);
  }
  return headers;
}

/** Answers a request for which isTrpcRequest holds. */
export function trpcFastPath(securityHeaders: [string, string][]) {
  const origin = publicUrl(serverEnv());
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = req.method === "POST" ? await readBody(req) : undefined;
    const request = new Request(new URL(req.url!, origin), { method: req.method, headers: fetchHeaders(req), body });
    const response = await answerTrpc(request);
    res.statusCode = response.status;
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") res.setHeader(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) res.setHeader("set-cookie", cookies);
    res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  };
}
