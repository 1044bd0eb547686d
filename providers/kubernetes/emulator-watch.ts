// Watches (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes): a chunked
// stream of `{type, object}` lines from the requested resourceVersion; with none (or "0"), the current objects
// first as ADDED. A version older than the store's window is answered, as the API server does, with 200 and one
// ERROR event carrying a 410 Expired Status, so informers re-list
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#410-gone-responses).
import type { ServerResponse } from "node:http";
import { failure } from "./emulator-status";
import type { KubeObject, ObjectStore, StoreEvent } from "./emulator-store";

export interface WatchRequest {
  resource: string;
  matches: (object: KubeObject) => boolean;
  resourceVersion: string | null;
  timeoutSeconds?: number;
}

export function serveWatch(res: ServerResponse, store: ObjectStore, request: WatchRequest): void {
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  // Clients wait for the headers before they consider the watch open.
  res.flushHeaders();
  const send = (type: string, object: object) => res.write(`${JSON.stringify({ type, object })}\n`);
  const version = request.resourceVersion && request.resourceVersion !== "0" ? Number(request.resourceVersion) : undefined;
  if (version !== undefined && (!Number.isInteger(version) || version < store.oldestResumable)) {
    send("ERROR", failure(410, "Expired", `too old resource version: ${request.resourceVersion} (${store.oldestResumable + 1})`));
    res.end();
    return;
  }
  const relevant = (event: StoreEvent) => event.resource === request.resource && request.matches(event.object);
  const replay = version === undefined ? store.list(request.resource).filter(request.matches).map((object) => ({ type: "ADDED", object })) : store.since(version).filter(relevant);
  for (const event of replay) send(event.type, event.object);
  const unsubscribe = store.subscribe((event) => {
    if (relevant(event)) send(event.type, event.object);
  });
  const timer = request.timeoutSeconds ? setTimeout(() => res.end(), request.timeoutSeconds * 1000) : undefined;
  // Node ends the request side as soon as the client has sent it: only the response's close means the watcher left.
  res.on("close", () => {
    unsubscribe();
    clearTimeout(timer);
  });
}
