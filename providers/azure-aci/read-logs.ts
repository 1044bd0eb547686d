// The adapter's log reading (ProviderAdapter.logs) on its own: the container instance client and ./logs.ts, without the
// network SDK, so a thread that only follows logs (../log-readers.ts) loads no more than that.
import type { LogReader } from "@/providers/types";
import { type AzureAciAdapterOptions, connectContainers, resourceGroupOf, where } from "./client";
import { readLogs } from "./logs";
import { mapAzureError } from "./map-error";
import { CONTAINER_NAME } from "./plan";

export function createLogReader(options: AzureAciAdapterOptions = {}): LogReader {
  return async function* logs(ref, connection, query) {
    const session = connectContainers(connection, options);
    const group = resourceGroupOf(ref, session.coordinates);
    const read = async (tail: number | undefined, abortSignal: AbortSignal | undefined) =>
      (await session.client.containers.listLogs(group, ref.name, CONTAINER_NAME, { ...session.call, ...(tail !== undefined ? { tail } : {}), timestamps: true, ...(abortSignal ? { abortSignal } : {}) })).content ?? "";
    try {
      yield* readLogs(read, ref.name, query);
    } catch (error) {
      throw mapAzureError(error, `reading the log of container "${CONTAINER_NAME}" of ${where(ref.name, group)}`);
    }
  };
}
