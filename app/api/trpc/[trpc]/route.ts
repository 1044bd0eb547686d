import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers";
import { createContext } from "@/server/trpc/context";
import { refuseCrossOrigin } from "@/server/web/same-origin";

export const dynamic = "force-dynamic";

// Mutations arrive as POST only (tRPC refuses them over GET), so the same-origin rule covers every one.
async function handler(req: Request) {
  const refused = await refuseCrossOrigin(req);
  if (refused) return refused;
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext({ headers: req.headers }) });
}

export { handler as GET, handler as POST };
