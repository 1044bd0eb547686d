import { httpBatchLink, httpLink, splitLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/app/_lib/api-types";

// The browser's link to the API; providers.tsx imports it with the first request (lazyLink).

/** Above this much input (as JSON), a query goes as a POST: in the URL it could pass the 8–16 kB request line that
 * proxies and Node accept (a platform policy with a long egress allow-list, a preview with many variables). */
export const LONG_QUERY_INPUT = 2_000;

export const trpcHttpLink = splitLink<AppRouter>({
  condition: (op) => op.type === "query" && (JSON.stringify(op.input ?? null)?.length ?? 0) > LONG_QUERY_INPUT,
  true: httpLink({ url: "/api/trpc", transformer: superjson, methodOverride: "POST" }),
  false: httpBatchLink({ url: "/api/trpc", transformer: superjson }),
});
