// What the cluster says happened to an app: the core/v1 Events its components recorded about the app's Deployment,
// its ReplicaSets and their pods (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/), in
// their own words, newest first. Pure.
import type { CoreV1Event } from "@kubernetes/client-node";
import type { CloudEvent } from "../types";

const MAX_EVENTS = 100;

/** The kinds whose events are the app's, and the names its objects of each kind have. */
export const APP_EVENT_KINDS = ["Deployment", "ReplicaSet", "Pod"] as const;

/**
 * Whether an object is one of the app's: the Deployment by its name, a ReplicaSet as `<deployment>-<pod-template-hash>`
 * and a pod as `<replicaset>-<suffix>`, the names the controllers give them. Another app whose name starts with this
 * one's ("web" and "web-api") has one segment more, so it does not match.
 */
export function isAppObject(app: string, kind: string | undefined, name: string | undefined): boolean {
  if (!name) return false;
  if (kind === "Deployment") return name === app;
  if (!name.startsWith(`${app}-`)) return false;
  const rest = name.slice(app.length + 1);
  if (kind === "ReplicaSet") return /^[a-z0-9]+$/.test(rest);
  return kind === "Pod" && /^[a-z0-9]+-[a-z0-9]+$/.test(rest);
}

const iso = (value: Date | string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());

function cloudEvent(event: CoreV1Event): CloudEvent | undefined {
  const at = iso(event.lastTimestamp) ?? iso(event.eventTime as Date | string | undefined) ?? iso(event.firstTimestamp) ?? iso(event.metadata.creationTimestamp);
  if (!at || !event.message) return undefined;
  const object = event.involvedObject;
  // Kubernetes types a kill for a failed probe "Normal"; to whoever reads it, it is a failure all the same.
  const failure = event.type === "Warning" || /\bfailed\b/i.test(event.message);
  const count = event.count ?? event.series?.count ?? 1;
  const repeated = count > 1 ? ` (${count} times since ${iso(event.firstTimestamp) ?? at})` : "";
  return { time: at, severity: failure ? "warning" : "normal", message: event.message, source: `Event ${event.reason ?? "Unknown"} on ${object.kind}/${object.name}${repeated}` };
}

export function eventsOf(app: string, events: readonly CoreV1Event[]): CloudEvent[] {
  // The API server lists in name order, oldest first for one object; reversed, ties in time keep newest first.
  return [...events]
    .reverse()
    .filter((event) => isAppObject(app, event.involvedObject.kind, event.involvedObject.name))
    .map(cloudEvent)
    .filter((event): event is CloudEvent => event !== undefined)
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
    .slice(0, MAX_EVENTS);
}
