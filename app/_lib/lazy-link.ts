import { TRPCClientError, type OperationLink, type TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";

/**
 * A tRPC link that imports the link it stands for with the first request, so that link's code (superjson,
 * 4 kB gzip) is not part of a page's first load. Requests made while it loads wait for it and are then
 * batched as usual.
 */
export function lazyLink<TRouter extends AnyTRPCRouter>(load: () => Promise<TRPCLink<TRouter>>): TRPCLink<TRouter> {
  return (runtime) => {
    let loaded: Promise<OperationLink<TRouter>> | undefined;
    return ({ op, next }) =>
      observable((observer) => {
        let subscription: Unsubscribable | undefined;
        let closed = false;
        (loaded ??= load().then((link) => link(runtime))).then(
          (link) => {
            if (!closed) subscription = link({ op, next }).subscribe(observer);
          },
          (cause: unknown) => observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause)))),
        );
        return () => {
          closed = true;
          subscription?.unsubscribe();
        };
      });
  };
}
