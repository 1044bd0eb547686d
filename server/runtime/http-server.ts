import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { setting } from "@/server/config/env";

// The launcher's HTTP server around Next.js' request handler: it pins the client address, gives every request an
// id (kept from X-Request-Id when well-formed, so a load balancer's id runs through), logs one line per answered
// request, and closes gracefully: no new connections, every request already accepted answered, up to a deadline (a
// followed log's stream, which never ends by itself, is cut at once).

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export interface HttpServer {
  /** Requests accepted and not yet answered. */
  inFlight(): number;
  /**
   * Stops accepting connections, cuts server-sent event streams, and waits for the other requests in flight, until
   * `deadline` (epoch ms); then closes what is left. Resolves with how many requests were still unanswered then.
   */
  close(deadline: number): Promise<number>;
}

const isEventStream = (res: ServerResponse) => String(res.getHeader("content-type") ?? "").startsWith("text/event-stream");

/** Source address for audit and rate limits: the socket's own unless a trusted proxy forwards it. */
function pinClientAddress(req: IncomingMessage, trustProxy: boolean) {
  if (trustProxy && req.headers["x-forwarded-for"]) return;
  req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
}

export async function startHttpServer(options: { host: string; port: number; log: Logger; accessLog: Logger; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> }): Promise<HttpServer> {
  // Read once at start, not per request: this runs on every request, and a bad value should stop the start.
  const trustProxy = setting("BULKHEAD_TRUST_PROXY") === "1";
  let active = 0;
  let closing = false;
  const answering = new Set<ServerResponse>();
  const settled: (() => void)[] = [];

  const server = createServer((req, res) => {
    const started = performance.now();
    active++;
    pinClientAddress(req, trustProxy);
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    // While closing, every answer ends its connection, so no client sends a next request on it.
    if (closing) res.setHeader("Connection", "close");
    answering.add(res);
    res.once("close", () => {
      answering.delete(res);
      active--;
      // The path without its query: tRPC queries carry their input there.
      options.accessLog.info({ requestId, method: req.method, path: (req.url ?? "/").split("?")[0], status: res.statusCode, durationMs: Math.round(performance.now() - started), completed: res.writableFinished }, "request");
      if (active === 0) settled.splice(0).forEach((resolve) => resolve());
    });
    options.handle(req, res).catch((error: unknown) => {
      options.log.error({ requestId, err: error }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Keep-alive connections idle longer than this are closed by the server; longer than the client's usual.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port, options.host, resolve));

  return {
    inFlight: () => active,
    async close(deadline) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests being answered end their connection with their answer, which is then not reused.
      for (const res of answering) {
        if (!res.headersSent) res.setHeader("Connection", "close");
        // A followed log (server-sent events) never finishes on its own, and would hold the stop to its deadline: it is
        // cut now, and the browser's EventSource reconnects, to a replica still serving, after the last line it got.
        else if (isEventStream(res)) res.destroy();
        else res.once("finish", () => res.socket?.end());
      }
      const drained = active === 0 ? Promise.resolve() : new Promise<void>((resolve) => settled.push(resolve));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
      await Promise.race([drained, late]);
      clearTimeout(timer);
      const unanswered = active;
      server.closeAllConnections();
      await closed;
      return unanswered;
    },
  };
}
