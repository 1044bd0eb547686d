// A real HTTP server on a loopback port in front of the app's own API route handlers (app/api/**/route.ts), for
// tests whose client is a separate process (the CLI) or must speak HTTP (openapi-fetch): real sockets, real
// requests and streamed responses, without building the dashboard for `next start`. Only Next's routing is
// missing: the paths below are dispatched to the same route modules Next would call. Like the launcher, it
// sets X-Forwarded-For to the socket's address.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";

type Handler = (request: Request) => Promise<Response> | Response;

async function routes(): Promise<[prefix: string, method: string, handler: Handler][]> {
  const v1 = await import("@/app/api/v1/[...path]/route");
  const openapi = await import("@/app/api/v1/openapi.json/route");
  const exportV1 = await import("@/app/api/v1/audit/export/route");
  const exportLegacy = await import("@/app/api/audit/export/route");
  const trpc = await import("@/app/api/trpc/[trpc]/route");
  const schema = await import("@/app/api/v1/bulkhead.schema.json/route");
  return [
    ["/api/v1/openapi.json", "GET", openapi.GET],
    ["/api/v1/bulkhead.schema.json", "GET", schema.GET],
    ["/api/v1/audit/export", "GET", exportV1.GET],
    ["/api/audit/export", "GET", exportLegacy.GET],
    ["/api/trpc/", "GET", trpc.GET],
    ["/api/trpc/", "POST", trpc.POST],
    ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method): [string, string, Handler] => ["/api/v1/", method, v1[method]]),
  ];
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  headers.set("x-forwarded-for", req.socket.remoteAddress ?? "");
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function send(response: Response, res: ServerResponse) {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) res.write(next.value);
  res.end();
}

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port unless given); `url` is its origin. */
export async function startApiServer(port = 0): Promise<ApiServer> {
  const table = await routes();
  let origin = "";
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const found = table.find(([prefix, method]) => (prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix) && method === req.method);
    if (!found) {
      res.statusCode = 404;
      return void res.end();
    }
    Promise.resolve(found[2](toRequest(req, origin)))
      .then((response) => send(response, res))
      .catch((error: unknown) => {
        console.error("api-server:", error);
        res.statusCode = 500;
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
