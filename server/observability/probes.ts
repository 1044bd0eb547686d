import { timingSafeEqual, createHash } from "node:crypto";
import { metrics } from "./metrics";
import { readiness } from "./readiness";
import { setting } from "@/server/config/env";

// The answers of /api/health, /api/ready and /api/metrics (app/api/*/route.ts only hand the request over).

const noStore = { "Cache-Control": "no-store" };

/** Alive: the process answers. Touches no database, so a stalled database does not make it look dead. */
export function healthResponse(): Response {
  return Response.json({ status: "alive", uptimeSeconds: Math.round(process.uptime()) }, { headers: noStore });
}

/** 200 when ready to take traffic, 503 otherwise, with what each check found. */
export async function readinessResponse(): Promise<Response> {
  const { ready, checks } = await readiness();
  return Response.json({ status: ready ? "ready" : "not ready", checks }, { status: ready ? 200 : 503, headers: noStore });
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Prometheus text exposition, for a scraper holding BULKHEAD_METRICS_TOKEN (Authorization: Bearer …). Without a
 * configured token the endpoint is off (404): metrics say how the installation is used, so they are not public.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const expected = setting("BULKHEAD_METRICS_TOKEN");
  if (!expected) return Response.json({ error: "Metrics are off: set BULKHEAD_METRICS_TOKEN to turn them on" }, { status: 404, headers: noStore });
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!sameToken(given, expected)) {
    return Response.json({ error: "A bearer token (BULKHEAD_METRICS_TOKEN) is required" }, { status: 401, headers: { ...noStore, "WWW-Authenticate": 'Bearer realm="bulkhead-metrics"' } });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { ...noStore, "Content-Type": registry.contentType } });
}
