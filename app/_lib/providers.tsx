"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, type TRPCClient } from "@trpc/client";
import { useState } from "react";
import type { AppRouter } from "@/app/_lib/api-types";
import { lazyLink } from "./lazy-link";
import { TRPCProvider } from "./trpc";

type Clients = { queryClient: QueryClient; trpcClient: TRPCClient<AppRouter> };

function createClients(): Clients {
  return {
    queryClient: new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }),
    trpcClient: createTRPCClient<AppRouter>({ links: [lazyLink(() => import("./trpc-http-link").then((m) => m.trpcHttpLink))] }),
  };
}

let browserClients: Clients | undefined;

/** One pair per browser tab, shared by every island, so a mutation in one invalidates queries of another; one per server render. */
function clients(): Clients {
  if (typeof window === "undefined") return createClients();
  return (browserClients ??= createClients());
}

function Providers({ children }: { children: React.ReactNode }) {
  const [{ queryClient, trpcClient }] = useState(clients);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/**
 * A client component that calls the API through tRPC hooks, with the TanStack Query and tRPC providers
 * around it. Only the components that use them bring them (17 kB gzip), instead of the root layout loading
 * them on every page, also on pages that never call the API from the browser.
 */
export function withTRPC<Props extends object>(Component: React.ComponentType<Props>): React.ComponentType<Props> {
  function WithTRPC(props: Props) {
    return (
      <Providers>
        <Component {...props} />
      </Providers>
    );
  }
  WithTRPC.displayName = `withTRPC(${Component.displayName ?? Component.name})`;
  return WithTRPC;
}
