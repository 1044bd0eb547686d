import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers";
import { createContext } from "@/server/trpc/context";
import { refuseCrossOrigin } from "./same-origin";

// The tRPC endpoint, as one function of a fetch Request: Next.js' route (app/api/trpc) and the launcher's own
// server (server/runtime/launcher-routes.ts) both answer through it, so both apply the same rules.

/** Mutations arrive as POST only (tRPC refuses them over GET), so the same-origin rule covers every one. A query may
 * come as a POST too (allowMethodOverride), where its input is too long for a URL (app/_lib/trpc-http-link.ts); it
 * then meets the same-origin rule as well, and stays a query (never audited as a refused mutation). */
export async function answerTrpc(req: Request): Promise<Response> {
  const refused = await refuseCrossOrigin(req);
  if (refused) return refused;
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, allowMethodOverride: true, createContext: () => createContext({ headers: req.headers }) });
}
