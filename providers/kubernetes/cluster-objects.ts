// The few generic object operations the adapter needs, through KubernetesObjectApi: server-side apply, read, list and
// delete of any kind. Read and delete take a missing object as an answer (null, done), not as an error.
import { PatchStrategy, type KubernetesObject, type KubernetesObjectApi } from "@kubernetes/client-node";
import { httpCode } from "./map-error";
import { FIELD_MANAGER } from "./naming";

export interface ObjectKey {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/**
 * The client serializes a body through its generated models, whose NetworkPolicyIngressRule calls the wire's `from`
 * `_from` (`from` is reserved in the generator's languages): a plain object's `from` would be dropped without a word,
 * opening nothing to the linked callers. Bodies are handed to the client in its model's names, and read back into the wire's.
 */
type Rule = Record<string, unknown>;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function renameIngressRules<T extends object>(object: T, rename: (rule: Rule) => Rule): T {
  if (!("spec" in object) || !isRecord(object.spec) || !Array.isArray(object.spec.ingress)) return object;
  return { ...object, spec: { ...object.spec, ingress: object.spec.ingress.map((rule) => (isRecord(rule) ? rename(rule) : rule)) } };
}

const toClientModel = (object: ObjectKey): ObjectKey => (object.kind === "NetworkPolicy" ? renameIngressRules(object, ({ from, ...rule }) => (from === undefined ? rule : { ...rule, _from: from })) : object);
/** A NetworkPolicy as the client returned it, in the wire's names again. */
export const networkPolicyOnWire = <T extends object>(policy: T): T => renameIngressRules(policy, ({ _from, ...rule }) => (_from === undefined ? rule : { ...rule, from: _from }));

/** Server-side apply as field manager `bulkhead`, forcing conflicts: Bulkhead owns the fields it sets. */
export const serverSideApply = (api: KubernetesObjectApi, object: ObjectKey) => api.patch<KubernetesObject>(toClientModel(object), undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);

export async function readObject<T extends KubernetesObject>(api: KubernetesObjectApi, key: ObjectKey): Promise<T | null> {
  try {
    return await api.read<T>(key);
  } catch (error) {
    if (httpCode(error) === 404) return null;
    throw error;
  }
}

/**
 * The objects of a kind in a namespace, those with the labels of `labelSelector` when given, and the list's
 * resourceVersion to watch from (none when the namespace is gone).
 */
export async function listObjectsAt<T extends KubernetesObject>(api: KubernetesObjectApi, apiVersion: string, kind: string, namespace: string, labelSelector?: string): Promise<{ items: T[]; resourceVersion: string | undefined }> {
  try {
    const list = await api.list<T>(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector);
    return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
  } catch (error) {
    // The namespace itself is gone: nothing in it.
    if (httpCode(error) === 404) return { items: [], resourceVersion: undefined };
    throw error;
  }
}

/** The objects of a kind in a namespace, those with the labels of `labelSelector` when given. */
export async function listObjects<T extends KubernetesObject>(api: KubernetesObjectApi, apiVersion: string, kind: string, namespace: string, labelSelector?: string): Promise<T[]> {
  return (await listObjectsAt<T>(api, apiVersion, kind, namespace, labelSelector)).items;
}

/** Deletes in the background (the garbage collector removes ReplicaSets and pods); already gone is fine. */
export async function deleteObject(api: KubernetesObjectApi, key: ObjectKey): Promise<void> {
  try {
    await api.delete(key, undefined, undefined, undefined, undefined, "Background");
  } catch (error) {
    if (httpCode(error) !== 404) throw error;
  }
}

/** The kinds an app owns inside its namespace, found again by its labels for pruning and destroy. */
export const APP_KINDS: { apiVersion: string; kind: string }[] = [
  { apiVersion: "apps/v1", kind: "Deployment" },
  { apiVersion: "v1", kind: "Service" },
  { apiVersion: "networking.k8s.io/v1", kind: "Ingress" },
  { apiVersion: "v1", kind: "Secret" },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" },
];
