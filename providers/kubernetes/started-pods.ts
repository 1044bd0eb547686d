// The app's pods whose container has run, for its log's follower (./logs.ts): listed once, then watched from the
// list's resourceVersion, so a pod that starts (a rollout, a reschedule) is known as soon as the kubelet reports it.
import { type KubeConfig, type KubernetesObjectApi, type V1Pod, Watch } from "@kubernetes/client-node";
import { listObjectsAt } from "./cluster-objects";
import { CONTAINER_NAME } from "./naming";
import type { StartedPods } from "./logs";

/** Whether the pod's app container has run, so has a log to read: running now, or stopped and waiting to run again. */
const hasLog = (pod: V1Pod) =>
  (pod.status?.containerStatuses ?? []).some((status) => status.name === CONTAINER_NAME && (status.state?.running || status.state?.terminated || status.lastState?.terminated));

const namesOf = (pods: V1Pod[]) => pods.filter(hasLog).map((pod) => pod.metadata?.name ?? "").filter(Boolean);

/** A namespace that is gone lists no pods and no version: a watch without one starts from whatever comes. */
export async function listStartedPods(api: KubernetesObjectApi, namespace: string, labelSelector: string): Promise<StartedPods> {
  const { items, resourceVersion } = await listObjectsAt<V1Pod>(api, "v1", "Pod", namespace, labelSelector);
  return { names: namesOf(items), resourceVersion };
}

/**
 * Each pod of the selector that has started, from the changes after `resourceVersion`, until the watch ends: the API
 * server closes it, or 410 Expired (an ERROR event, then the end), or the client's 30 s without a byte; the caller
 * lists again. Events arrive as the API server's JSON, which has the same field names as V1Pod.
 */
export async function watchStartedPods(config: KubeConfig, namespace: string, labelSelector: string, resourceVersion: string | undefined, started: (pod: string) => void, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  let watch: AbortController;
  try {
    watch = await new Watch(config).watch(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      { labelSelector, resourceVersion, allowWatchBookmarks: false },
      (type: string, pod: V1Pod) => {
        if (type === "ADDED" || type === "MODIFIED") namesOf([pod]).forEach(started);
      },
      () => ended(),
    );
  } catch {
    // No watch (the configuration has no cluster, its credentials cannot be applied): the list that follows says why.
    return;
  }
  const stop = () => watch.abort();
  signal.addEventListener("abort", stop, { once: true });
  if (signal.aborted) stop();
  try {
    await end;
  } finally {
    signal.removeEventListener("abort", stop);
  }
}
