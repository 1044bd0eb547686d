// A provider's adapter as the registry holds it: what it says without calling the cloud (its limits, its pure checks
// and plan) at once, and everything that calls the cloud from its module, loaded on the first such call. The clouds'
// SDKs are most of a process's code (about 110 MB of heap for the four, the Kubernetes client alone 35 MB): a replica
// that never calls a cloud, or calls one, holds only what it uses, and a full garbage collection marks only that.
import type { ProviderAdapter } from "./types";

/** The part of an adapter that needs no SDK: named, sized, validated and planned from the spec alone. */
export type AdapterDescription = Pick<ProviderAdapter, "kind" | "displayName" | "capabilities" | "validate" | "plan">;

export function lazyAdapter(description: AdapterDescription, load: () => Promise<ProviderAdapter>): ProviderAdapter {
  let loading: Promise<ProviderAdapter> | undefined;
  // A failed load (a missing file in a broken install) is tried again by the next call rather than remembered.
  const adapter = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return {
    ...description,
    apply: async (...args) => (await adapter()).apply(...args),
    status: async (...args) => (await adapter()).status(...args),
    observe: async (...args) => (await adapter()).observe(...args),
    // yield* hands the consumer's return (a closed stream) on to the adapter's own iterator, which ends its session.
    async *logs(...args) {
      yield* (await adapter()).logs(...args);
    },
    events: async (...args) => (await adapter()).events(...args),
    destroy: async (...args) => (await adapter()).destroy(...args),
    testConnection: async (...args) => (await adapter()).testConnection(...args),
  };
}
