import type { IncomingMessage, ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import path from "node:path";
import type { NextConfig } from "next";
import { downloadLogsResponse, followLogsResponse } from "@/server/web/deployment-logs";
import { answerTrpc } from "@/server/web/trpc-endpoint";

// The API routes `npm start`'s launcher answers from its own HTTP server, before Next.js routing, through the same
// functions as their Next routes (so the same rules: same-origin, caller, procedures, refusal audit), with the security
// headers next.config.js gives API answers, read from it so the two cannot differ. The launcher's server around them
// still gives the request id, the client address and the request log line.
// - /api/trpc/*: under load Next.js' routing and request handling took a quarter of the product's CPU per
//   deployments.list call (bench P4's profile), for a route that renders nothing.
// - /api/deployments/{id}/logs/stream and its download, /api/deployments/{id}/logs: Next's route for either loads the
//   route's bundle, a second copy of the server's code and the clouds' SDKs (+18% live objects in P4's product with
//   20 logs followed), which every full garbage collection then marks for the rest of the process's life; the launcher
//   already holds them.

type HeaderRule = Awaited<ReturnType<NonNullable<NextConfig["headers"]>>>[number];

const TRPC_PREFIX = "/api/trpc/";
const DEPLOYMENTS_PREFIX = "/api/deployments/";
const LOG_STREAM = /^\/api\/deployments\/([A-Za-z0-9_-]{1,64})\/logs\/stream(?:\?|$)/;
const LOG_DOWNLOAD = /^\/api\/deployments\/([A-Za-z0-9_-]{1,64})\/logs(?:\?|$)/;

/** The paths under these prefixes that the launcher answers are judged against next.config.js' header rules. */
const PREFIXES = [TRPC_PREFIX, DEPLOYMENTS_PREFIX];

export interface LauncherRoute {
  answer(request: Request): Promise<Response>;
  /** The answer's body is sent as it comes (server-sent events), not read whole first. */
  streamed: boolean;
}

const trpc: LauncherRoute = { answer: answerTrpc, streamed: false };

/** The launcher's route for a request, or null for Next.js (other paths and methods: Next.js answers 405 to those). */
export function launcherRoute(req: Pick<IncomingMessage, "method" | "url">): LauncherRoute | null {
  const url = req.url ?? "";
  if ((req.method === "GET" || req.method === "POST") && url.startsWith(TRPC_PREFIX)) return trpc;
  if (req.method !== "GET") return null;
  const stream = LOG_STREAM.exec(url);
  if (stream) return { answer: (request) => followLogsResponse(request, stream[1]), streamed: true };
  const download = LOG_DOWNLOAD.exec(url);
  if (download) return { answer: (request) => downloadLogsResponse(request, download[1]), streamed: false };
  return null;
}

/**
 * The headers next.config.js sets on the launcher's routes. A rule this cannot judge (a pattern that may match one of
 * their paths, or a has/missing condition) stops the start, so a header added there is never silently left out here.
 */
export function launcherHeaders(rules: HeaderRule[]): [string, string][] {
  const headers: [string, string][] = [];
  for (const rule of rules) {
    const literal = rule.source.split(/[:(*]/)[0];
    if (!PREFIXES.some((prefix) => prefix.startsWith(literal) || literal.startsWith(prefix))) continue;
    if ((rule.source !== "/:path*" && rule.source !== "/api/:path*") || rule.has || rule.missing) {
      throw new Error(`next.config.js' header rule for ${rule.source} may apply to a path the launcher answers itself: teach server/runtime/launcher-routes.ts to judge it`);
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

/** Aborted when the client goes away: a streamed answer's producer stops then. */
function closed(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once("close", () => gone.abort());
  return gone.signal;
}

/** Resolves when the client has taken what was written, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resume) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resume();
    };
    res.once("drain", done).once("close", done);
  });
}

/** Sends a body as it comes, waiting while the client is slow; a client gone cancels it (the follower stops). */
async function sendStreamed(res: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  // A body that failed has already failed this request (its read threw); its cancel's rejection adds nothing.
  res.once("close", () => void reader.cancel().catch(() => undefined));
  res.flushHeaders();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (res.destroyed) break;
    if (!res.write(chunk.value)) await drained(res);
  }
  if (!res.destroyed) res.end();
}

/** Answers a request for which launcherRoute gave a route; `origin` is the product's public URL, the requests' base. */
export function launcherRoutes(securityHeaders: [string, string][], origin: string) {
  return async (req: IncomingMessage, res: ServerResponse, route: LauncherRoute): Promise<void> => {
    const body = req.method === "POST" ? await readBody(req) : undefined;
    const request = new Request(new URL(req.url!, origin), { method: req.method, headers: fetchHeaders(req), body, signal: route.streamed ? closed(res) : undefined });
    const response = await route.answer(request);
    res.statusCode = response.status;
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") res.setHeader(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) res.setHeader("set-cookie", cookies);
    if (route.streamed && response.body) await sendStreamed(res, response.body);
    else res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  };
}
