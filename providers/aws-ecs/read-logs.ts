// The adapter's log reading (ProviderAdapter.logs) on its own: CloudWatch Logs' client and ./logs.ts, without ECS and
// the other APIs' SDKs, so a thread that only follows logs (../log-readers.ts) loads no more than that.
import type { LogReader } from "../types";
import { type ClientOptions, DEFAULT_CLIENT_OPTIONS } from "./client-settings";
import { LOG_STREAM_PREFIX, logGroupOf } from "./log-group";
import { readLogs } from "./logs";
import { connectLogs } from "./logs-client";
import { mapError } from "./map-error";

export function createLogReader(options: ClientOptions = DEFAULT_CLIENT_OPTIONS): LogReader {
  return async function* logs(ref, connection, query) {
    const connected = connectLogs(connection, options);
    try {
      yield* readLogs({ client: connected.client, group: logGroupOf(ref.name), streamPrefix: LOG_STREAM_PREFIX }, query);
    } catch (error) {
      throw mapError(error, connected.errors);
    } finally {
      // Also ends a Live Tail session still open when the caller stops early.
      connected.client.destroy();
    }
  };
}
