import { recordAudit } from "@/server/audit/record";
import { serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { createContext } from "@/server/trpc/context";
import { appOrigins } from "./origins";

// CSRF rule for every API route: a request that changes state (any method but GET, HEAD, OPTIONS) must say
// it comes from this app: an Origin header naming one of appOrigins, or, where a browser sent no usable
// Origin, Sec-Fetch-Site: same-origin. Browsers send both on their own and pages cannot forge them;
// programs calling the API with a session send `Origin: <public URL>`; with an API token they need not.
// The session cookie's SameSite=Lax alone is not enough: it still rides along from other ports and
// subdomains of the same site.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the request is refused, or null when it may go on. `guardReads`: also refuse reads that a page of
 * another site started (for GET routes that do something, like the audit export, which is itself audited).
 * `origins` is asked only for a request that changes state: reading the configuration costs more than a read
 * call's own checks. */
export function crossOriginRefusal(method: string, headers: Headers, origins: () => string[], guardReads = false): string | null {
  const site = headers.get("sec-fetch-site");
  if (SAFE_METHODS.has(method.toUpperCase())) {
    return guardReads && (site === "cross-site" || site === "same-site") ? `${method} started by a page of another site (Sec-Fetch-Site: ${site})` : null;
  }
  const origin = headers.get("origin");
  if (origin && origin !== "null") return origins().includes(origin) ? null : `cross-origin ${method} from ${origin.slice(0, 200)}`;
  if (site === "same-origin") return null;
  return `${method} without an Origin header of this app`;
}

/**
 * The 403 answer for a cross-origin request, or null to go on. A refusal that carries a valid session
 * (someone's browser was used against them) is audited; anonymous ones are not, so strangers cannot fill
 * the trail.
 */
export async function refuseCrossOrigin(request: Request, guardReads = false): Promise<Response | null> {
  // An API token is not ambient: a browser never adds an Authorization header on another site's behalf, and a
  // request that has one is judged by the token alone, its cookies ignored (server/trpc/context.ts).
  if (request.headers.has("authorization")) return null;
  const reason = crossOriginRefusal(request.method, request.headers, () => appOrigins(serverEnv()), guardReads);
  if (!reason) return null;
  const context = await createContext({ headers: request.headers });
  if (context.actor) {
    const path = new URL(request.url).pathname;
    await recordAudit(db(), context, { action: "http.cross-origin", outcome: "denied", resourceType: "request", resourceId: path, reason });
  }
  return Response.json({ error: "Cross-origin request refused" }, { status: 403 });
}
