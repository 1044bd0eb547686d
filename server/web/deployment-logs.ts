// A deployment's logs over HTTP, for the routes under app/api/deployments/[id]/logs (route handlers import server/web
// only) and the launcher's own routes for them (server/runtime/launcher-routes.ts): following them as server-sent
// events, and downloading a range. Both go through procedures (their input schemas, sign-in, team access and audit of
// refusals); access and logic stay in server/deployments/cloud-state.ts.
import { TRPCError } from "@trpc/server";
import { logger } from "@/server/observability/logger";
import { problem, problemOf, problemResponse } from "@/server/rest/problem";
import { createCaller } from "@/server/routers";
import { logStreamCaller } from "@/server/routers/log-stream";
import { createContext } from "@/server/trpc/context";
import type { LogLine } from "@/providers/types";
import { refuseCrossOrigin } from "./same-origin";

/** A comment line now and then keeps proxies and the browser from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

const optional = (query: URLSearchParams, name: string) => query.get(name) || undefined;

function refusal(error: unknown, request: Request, requestId: string): Response {
  if (!(error instanceof TRPCError)) throw error;
  const where = { instance: new URL(request.url).pathname, requestId };
  // The cloud did not answer: its words, not "internal error".
  if (error.code === "SERVICE_UNAVAILABLE") return problemResponse(problem("unavailable", 503, error.message, where), {}, { error: error.message });
  return problemResponse(problemOf(error, where), {}, { error: error.message });
}

const event = (name: string, data: unknown, id?: string) => `${id ? `id: ${id}\n` : ""}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Where a reconnecting browser resumes: its Last-Event-ID is `<time>~<n>`, the time of the last line it got and how many
 * lines of that time it got, so the follower starts at that time (`since` is inclusive) and skips those n.
 */
function resumePoint(lastEventId: string | null): { since: string; seen: number } | undefined {
  if (!lastEventId) return undefined;
  const match = /^(.*)~(\d{1,6})$/.exec(lastEventId);
  return match ? { since: match[1], seen: Number(match[2]) } : { since: lastEventId, seen: 0 };
}

/**
 * GET /api/deployments/{id}/logs/stream?since=&filter=: `line` events (each a LogLine; the event id lets a browser that
 * reconnects resume after the last line it got, see resumePoint), then a `problem` event if the cloud stops answering.
 */
export async function followLogsResponse(request: Request, id: string): Promise<Response> {
  const context = await createContext({ headers: request.headers });
  const query = new URL(request.url).searchParams;
  const resume = resumePoint(request.headers.get("last-event-id"));
  let follower;
  try {
    follower = await logStreamCaller(context).followLogs({ id, since: resume?.since ?? optional(query, "since"), filter: optional(query, "filter") });
  } catch (error) {
    return refusal(error, request, context.meta.requestId);
  }
  const stop = new AbortController();
  request.signal.addEventListener("abort", () => stop.abort(), { once: true });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const keepalive = setInterval(() => send(": keep-alive\n\n"), KEEPALIVE_MS);
      send(": following\n\n");
      try {
        let time = resume?.since;
        let ofTime = 0;
        for await (const line of follower.follow(stop.signal)) {
          ofTime = line.time === time ? ofTime + 1 : 1;
          time = line.time;
          if (resume && line.time === resume.since && ofTime <= resume.seen) continue;
          send(event("line", line satisfies LogLine, `${line.time}~${ofTime}`));
        }
      } catch (error) {
        if (!stop.signal.aborted) {
          let message: string;
          try {
            message = follower.problemOf(error);
          } catch {
            logger().error({ err: error, requestId: context.meta.requestId }, "following a deployment's logs failed");
            message = `Following stopped on an internal error (request ${context.meta.requestId})`;
          }
          send(event("problem", { message }));
        }
      } finally {
        clearInterval(keepalive);
        if (!stop.signal.aborted) controller.close();
      }
    },
    cancel() {
      stop.abort();
    },
  });
  // no-transform: a compressing proxy (or Next's own compression) would hold lines back until its buffer fills.
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" } });
}

/**
 * GET /api/deployments/{id}/logs?since=&until=&filter=: the range's lines as a text file. The download is audited, so
 * like the audit export it refuses requests another site's page started.
 */
export async function downloadLogsResponse(request: Request, id: string): Promise<Response> {
  return (await refuseCrossOrigin(request, true)) ?? exportLogsResponse(request, id);
}

async function exportLogsResponse(request: Request, id: string): Promise<Response> {
  const context = await createContext({ headers: request.headers });
  const query = new URL(request.url).searchParams;
  try {
    const file = await createCaller(context).deployments.exportLogs({ id, since: optional(query, "since"), until: optional(query, "until"), filter: optional(query, "filter") });
    return new Response(file.text, {
      headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `attachment; filename="${file.fileName}"`, "cache-control": "no-store", "x-log-lines": String(file.lines) },
    });
  } catch (error) {
    return refusal(error, request, context.meta.requestId);
  }
}
