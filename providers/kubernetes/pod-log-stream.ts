// One read of a pod's log (GET /api/v1/namespaces/{ns}/pods/{pod}/log, "read log of the specified Pod"), line by
// line as the API server sends it. The client's generated readNamespacedPodLog has no `sinceTime`, and its Log helper
// loses the API server's Status on a refusal and throws an uncaught AbortError when a follower is stopped; so the
// request goes over node:https with the connection options the official client builds for streams
// (KubeConfig.applyToHTTPSOptions: CA, client certificate, token), and a refusal becomes the client's own
// ApiException carrying the Status, which map-error.ts reads like any other.
import { request, type RequestOptions } from "node:https";
import { ApiException, type KubeConfig } from "@kubernetes/client-node";

export interface PodLogOptions {
  container: string;
  follow?: boolean;
  /** Inclusive, as the kubelet applies it. */
  sinceTime?: Date;
  tailLines?: number;
}

/**
 * Calls `line` with each line of the pod's log (without its newline), with timestamps. Resolves when the server ends
 * the answer (at once without `follow`; when the container stops with it) or when `signal` aborts; rejects with an
 * ApiException when the API server refuses, or with the connection's error.
 */
export async function readPodLog(config: KubeConfig, namespace: string, pod: string, options: PodLogOptions, line: (text: string) => void, signal?: AbortSignal): Promise<void> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const url = new URL(`${cluster.server.replace(/\/$/, "")}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`);
  url.searchParams.set("container", options.container);
  url.searchParams.set("timestamps", "true");
  if (options.follow) url.searchParams.set("follow", "true");
  if (options.sinceTime) url.searchParams.set("sinceTime", options.sinceTime.toISOString());
  if (options.tailLines !== undefined) url.searchParams.set("tailLines", String(options.tailLines));
  const https: RequestOptions = {};
  await config.applyToHTTPSOptions(https);
  if (signal?.aborted) return;

  await new Promise<void>((resolve, reject) => {
    const call = request(url, { ...https, method: "GET" }, (response) => {
      const code = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let partial = "";
      response.on("data", (chunk: Buffer) => {
        if (code !== 200) return void chunks.push(chunk);
        const text = partial + chunk.toString("utf8");
        const lines = text.split("\n");
        partial = lines.pop() ?? "";
        for (const each of lines) line(each);
      });
      response.on("end", () => {
        if (code === 200) {
          if (partial) line(partial);
          return resolve();
        }
        const body = Buffer.concat(chunks).toString("utf8");
        let status: unknown = body;
        try {
          status = JSON.parse(body);
        } catch {
          // Not a Status: the text is all there is.
        }
        reject(new ApiException(code, body, status, {}));
      });
      response.on("error", (error) => (signal?.aborted ? resolve() : reject(error)));
    });
    const stop = () => {
      call.destroy();
      resolve();
    };
    call.on("error", (error) => (signal?.aborted ? resolve() : reject(error)));
    call.on("close", () => signal?.removeEventListener("abort", stop));
    signal?.addEventListener("abort", stop, { once: true });
    call.end();
  });
}
