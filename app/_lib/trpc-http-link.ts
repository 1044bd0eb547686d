import { httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/app/_lib/api-types";

// The browser's link to the API; providers.tsx imports it with the first request (lazyLink).
export const trpcHttpLink = httpBatchLink<AppRouter>({ url: "/api/trpc", transformer: superjson });
