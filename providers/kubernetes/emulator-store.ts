// The emulator's etcd: objects by resource, one global resourceVersion counter (as etcd's revision, so a watch can
// resume from any version it saw: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions),
// and a bounded window of recent changes for watches to replay. Older versions answer 410 Gone, as a compacted etcd does.
import { randomUUID } from "node:crypto";
import type { Labels } from "./emulator-selectors";

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  managedFields?: ManagedFieldsEntry[];
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [field: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  /** The resource's plural, as in URLs. */
  resource: string;
  type: EventType;
  object: KubeObject;
  resourceVersion: number;
}

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ""}/${name}`;
const copy = <T>(value: T): T => structuredClone(value);

export class ObjectStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private revision = 1;

  constructor(private readonly historySize: number) {}

  get resourceVersion(): number {
    return this.revision;
  }

  /** The oldest version a watch may start from: every change after it is still in the window. */
  get oldestResumable(): number {
    return this.history.length < this.historySize ? 0 : this.history[0].resourceVersion - 1;
  }

  /** Changes after `version`, for a watch that resumes there. */
  since(version: number): StoreEvent[] {
    return this.history.filter((event) => event.resourceVersion > version).map(copy);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(resource)?.get(keyOf(namespace, name));
    return found && copy(found);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    const all = [...(this.objects.get(resource)?.values() ?? [])];
    return all.filter((object) => namespace === undefined || object.metadata.namespace === namespace).map(copy);
  }

  /** Stores a new object, stamping uid, creationTimestamp and its resourceVersion. */
  create(resource: string, object: KubeObject): KubeObject {
    const stored = copy(object);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    return this.write(resource, "ADDED", stored);
  }

  /** Replaces a stored object (the caller has merged and checked it). */
  update(resource: string, object: KubeObject): KubeObject {
    return this.write(resource, "MODIFIED", copy(object));
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.objects.get(resource);
    const found = bucket?.get(keyOf(namespace, name));
    if (!bucket || !found) return undefined;
    bucket.delete(keyOf(namespace, name));
    // A deleted object's last event carries a fresh version, as etcd's delete revision.
    found.metadata.resourceVersion = String(++this.revision);
    this.record({ resource, type: "DELETED", object: found, resourceVersion: this.revision });
    return copy(found);
  }

  private write(resource: string, type: EventType, object: KubeObject): KubeObject {
    object.metadata.resourceVersion = String(++this.revision);
    let bucket = this.objects.get(resource);
    if (!bucket) this.objects.set(resource, (bucket = new Map()));
    bucket.set(keyOf(object.metadata.namespace, object.metadata.name), object);
    this.record({ resource, type, object: copy(object), resourceVersion: this.revision });
    return copy(object);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historySize) this.history.shift();
    for (const listener of this.listeners) listener(copy(event));
  }
}
