// The emulator's HTTP/JSON side: Google's REST APIs that have no gRPC client Bulkhead uses (IAM service accounts,
// Compute load balancing), answered on the same port as the gRPC services (emulator-listener.ts tells the two apart).
// Errors take the shape Google's JSON APIs answer with (https://cloud.google.com/apis/design/errors#http_mapping):
// `{"error": {"code": 404, "message": "...", "status": "NOT_FOUND", "errors": [{"domain": "global", "reason":
// "notFound", "message": "..."}], "details": [...]}}`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { FaultInjector } from "./emulator-faults";

export class RestError extends Error {
  constructor(
    /** HTTP status. */
    readonly code: number,
    /** The google.rpc.Code name. */
    readonly status: string,
    message: string,
    /** The legacy `errors[].reason` (notFound, alreadyExists, badRequest, resourceInUseByAnotherResource…). */
    readonly reason: string,
    readonly details: object[] = [],
  ) {
    super(message);
  }
}

export interface RestRequest {
  body: Record<string, unknown>;
  query: URLSearchParams;
}

export interface RestRoute {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Matched against the decoded path; groups are the path parameters. */
  path: RegExp;
  /** The name requestCounts() reports, e.g. "iam.serviceAccounts.create". */
  operation: string;
  handle(params: string[], request: RestRequest): unknown;
}

const errorBody = (e: RestError) => ({
  error: { code: e.code, message: e.message, errors: [{ message: e.message, domain: "global", reason: e.reason }], status: e.status, ...(e.details.length ? { details: e.details } : {}) },
});

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json; charset=UTF-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Answered below, as Google's front end does.
  }
  throw new RestError(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Expected an object.", "parseError");
}

/** What a REST request may meet on its way, the same faults the gRPC side draws. */
export interface RestContext {
  routes: RestRoute[];
  faults: FaultInjector;
  count(operation: string): void;
  stopping: AbortSignal;
}

/** Faults as Google's front end answers them: 429 for rate limits, 503 or 500 for transient server trouble. */
const throttled = () => new RestError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute'.", "rateLimitExceeded");
const serverFault = () => (Math.random() < 0.5 ? new RestError(503, "UNAVAILABLE", "The service is currently unavailable.", "backendError") : new RestError(500, "INTERNAL", "Internal error encountered.", "backendError"));

export function restHandler(context: RestContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = decodeURIComponent(url.pathname);
    const route = context.routes.find((r) => r.method === req.method && r.path.test(path));
    if (!route) return send(res, 404, errorBody(new RestError(404, "NOT_FOUND", `The requested URL ${url.pathname} (${req.method}) is not served by this emulator.`, "notFound")));
    context.count(route.operation);

    const answer = async () => {
      try {
        const body = await readBody(req);
        send(res, 200, (await route.handle(route.path.exec(path)!.slice(1), { body, query: url.searchParams })) ?? {});
      } catch (error) {
        // Anything else is a defect of the emulator: say what it was rather than hide it.
        const rest = error instanceof RestError ? error : new RestError(500, "INTERNAL", `Internal error encountered: ${String(error)}`, "backendError");
        send(res, rest.code, errorBody(rest));
      }
    };
    const fault = context.faults.draw();
    if (!fault) return void answer();
    switch (fault.kind) {
      case "throttle":
        return send(res, 429, errorBody(throttled()));
      case "server-error": {
        const error = serverFault();
        return send(res, error.code, errorBody(error));
      }
      case "latency":
        // Slow, then answered in full: the change happens even if the caller gave up.
        return void delay(fault.latencyMs, undefined, { signal: context.stopping }).then(answer, () => undefined);
      case "drop":
        return void req.socket.destroy();
    }
  };
}
