// The adapter's log reading (ProviderAdapter.logs) on its own, without the rest of the adapter, so a thread that only
// follows logs (../log-readers.ts) loads no more than that.
import type { LogReader } from "../types";
import { clientsOf } from "./client";
import { readLogs } from "./logs";
import { toProviderError } from "./map-error";
import { appLabelSelector, CONTAINER_NAME, refOf } from "./naming";
import { readPodLog } from "./pod-log-stream";
import { listStartedPods, watchStartedPods } from "./started-pods";

/** The app's log, oldest first: its pods' containers through pods/log, with the query applied (./logs.ts). */
export function createLogReader(): LogReader {
  return async function* logs(ref, connection, query) {
    const { namespace, name } = refOf(ref);
    const action = `read the logs of ${name} in namespace ${namespace}`;
    try {
      const clients = clientsOf(connection);
      yield* readLogs(
        {
          pods: () => listStartedPods(clients.objects, namespace, appLabelSelector(name)),
          watchPods: (resourceVersion, started, signal) => watchStartedPods(clients.config, namespace, appLabelSelector(name), resourceVersion, started, signal),
          read: (pod, options, line, signal) => readPodLog(clients.config, namespace, pod, { ...options, container: CONTAINER_NAME }, line, signal),
        },
        query,
      );
    } catch (error) {
      throw toProviderError(error, { connection, action });
    }
  };
}
