// The adapter's log reading (ProviderAdapter.logs) on its own: Cloud Logging's client and ./logs.ts, without Cloud Run's
// and Secret Manager's clients, so a thread that only follows logs (../log-readers.ts) loads no more than that.
import type { LogReader } from "../types";
import { callOptions, type CloudRunAdapterOptions, DEFAULT_CALL_TIMEOUT_MS } from "./client-options";
import { loggingClient } from "./logging-client";
import { readLogs } from "./logs";
import { toProviderError } from "./map-error";
import { gcpCoordinates } from "./plan";

/** The containers' lines of every revision of the service, as Cloud Logging keeps them; follows with its tail. */
export function createLogReader(options: CloudRunAdapterOptions = {}): LogReader {
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  return async function* logs(ref, connection, query) {
    const { projectId, region } = gcpCoordinates(connection.coordinates);
    const client = loggingClient(connection);
    try {
      yield* readLogs(client, callOptions(connection, timeoutMs), { projectId, region, service: ref.name }, query, { tailSessionMs: options.tailSessionMs });
    } catch (error) {
      throw toProviderError(error, { connection, action: `read the log of service ${ref.name}`, service: "Cloud Logging" });
    } finally {
      await client.close();
    }
  };
}
