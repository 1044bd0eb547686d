// core/v1 Events as the cluster's components record them (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/):
// one Event per object, reason and message; a repeat of the same (source, object, type, reason, message) within the
// series is the same Event with `count` up and `lastTimestamp` moved, as client-go's EventCorrelator aggregates them.
// Names are `<object>.<hex of the time in ns>`, as client-go's recorder makes them.
import type { KubeObject, ObjectStore } from "./emulator-store";

export interface EventSource {
  component: string;
  /** The node, for the kubelet. */
  host?: string;
}

export interface Involved {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  uid?: string;
  /** `spec.containers{app}` for what the kubelet says about one container. */
  fieldPath?: string;
}

const seconds = (at: number) => new Date(at).toISOString().replace(/\.\d+Z$/, "Z");

export class EventRecorder {
  private sequence = 0;

  constructor(private readonly store: ObjectStore) {}

  record(involved: Involved, source: EventSource, type: "Normal" | "Warning", reason: string, message: string, at = Date.now()): void {
    if (!this.store.get("namespaces", undefined, involved.namespace)) return;
    const same = this.store
      .list("events", involved.namespace)
      .find((event) => isSame(event, involved, source, type, reason, message));
    if (same) {
      this.store.update("events", { ...same, count: (typeof same.count === "number" ? same.count : 1) + 1, lastTimestamp: seconds(at) });
      return;
    }
    const id = (BigInt(at) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(16);
    this.store.create("events", {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${involved.name}.${id}`, namespace: involved.namespace },
      involvedObject: { ...involved },
      reason,
      message,
      source: { ...source },
      firstTimestamp: seconds(at),
      lastTimestamp: seconds(at),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? "",
    });
  }
}

function isSame(event: KubeObject, involved: Involved, source: EventSource, type: string, reason: string, message: string): boolean {
  const object = event.involvedObject as Partial<Involved> | undefined;
  const from = event.source as Partial<EventSource> | undefined;
  return (
    event.type === type &&
    event.reason === reason &&
    event.message === message &&
    object?.kind === involved.kind &&
    object.name === involved.name &&
    object.uid === involved.uid &&
    object.fieldPath === involved.fieldPath &&
    from?.component === source.component &&
    from.host === source.host
  );
}

/** What an object's events name it by. */
export const involvedOf = (object: KubeObject, fieldPath?: string): Involved => ({
  kind: object.kind,
  apiVersion: object.apiVersion,
  namespace: object.metadata.namespace ?? "default",
  name: object.metadata.name,
  uid: object.metadata.uid,
  ...(fieldPath && { fieldPath }),
});
