// Readiness from a watch of the rollout, as `kubectl rollout status` follows it: from the Deployment's resourceVersion,
// the API server streams each change the controller makes, and the wait ends on the first that completes the rollout
// (observedGeneration caught up, every replica updated and available) or fails it, or after `withinMs`, when the job
// layer asks again (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
import { Watch, type KubeConfig, type V1Deployment } from "@kubernetes/client-node";

/** The rollout's last word within `withinMs`: the Deployment as it was when `settled` held, or null if it did not. */
export async function watchRollout(config: KubeConfig, deployment: V1Deployment, settled: (deployment: V1Deployment) => boolean, withinMs: number): Promise<V1Deployment | null> {
  const { namespace, name, resourceVersion } = deployment.metadata ?? {};
  if (!namespace || !name || !resourceVersion) return null;
  let abort: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  const outcome = new Promise<V1Deployment | null>((resolve) => {
    timer = setTimeout(() => resolve(null), withinMs);
    new Watch(config)
      .watch(
        `/apis/apps/v1/namespaces/${namespace}/deployments`,
        { fieldSelector: `metadata.name=${name}`, resourceVersion, allowWatchBookmarks: false },
        (type: string, object: V1Deployment) => {
          if ((type === "ADDED" || type === "MODIFIED") && settled(object)) resolve(object);
          if (type === "DELETED") resolve(null);
        },
        // The watch ended (closed, or 410 Gone for a version the server no longer keeps): the next poll reads afresh.
        () => resolve(null),
      )
      .then(
        (controller) => (abort = controller),
        () => resolve(null),
      );
  });
  try {
    return await outcome;
  } finally {
    clearTimeout(timer);
    abort?.abort();
  }
}
