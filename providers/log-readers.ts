// Each provider's log reading, loaded on demand and on its own: the same reader as its adapter's `logs`, without the
// adapter and the SDKs of its other APIs. For a thread that only follows logs (server/runtime/log-worker), which would
// otherwise hold a second copy of every cloud's SDKs. The registry (./registry.ts) is not imported for the same reason:
// it brings every adapter; the type below still asks for a reader of each registered kind.
import type { ProviderKind } from "./registry";
import type { LogReader } from "./types";

const LOG_READERS: Record<ProviderKind, () => Promise<LogReader>> = {
  "aws-ecs": async () => (await import("./aws-ecs/read-logs")).createLogReader(),
  "azure-aci": async () => (await import("./azure-aci/read-logs")).createLogReader(),
  "gcp-cloud-run": async () => (await import("./gcp-cloud-run/read-logs")).createLogReader(),
  kubernetes: async () => (await import("./kubernetes/read-logs")).createLogReader(),
};

const isKind = (kind: string): kind is ProviderKind => Object.hasOwn(LOG_READERS, kind);

/** The log reader of a kind of target, as its registered adapter reads (with the adapter's default options). */
export async function logReaderFor(kind: string): Promise<LogReader> {
  if (!isKind(kind)) throw new Error(`No provider of kind "${kind}" reads logs`);
  return LOG_READERS[kind]();
}
