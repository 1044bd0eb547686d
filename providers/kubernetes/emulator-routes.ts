// The REST paths of the API (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris):
// `/api/v1/…` for the core group, `/apis/{group}/{version}/…` for the others, `namespaces/{ns}/` before namespaced
// resources; each request becomes one verb (get, list, watch, create, update, patch, delete, deletecollection),
// authorized for the caller, then answered from the store.
import { parse as parseYaml } from "yaml";
import { type Caller, forbidden } from "./emulator-auth";
import { apiVersionOf, resourceType, type ResourceType } from "./emulator-discovery";
import { isObject, type Json } from "./emulator-fields";
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH } from "./emulator-patch";
import type { Resources } from "./emulator-resources";
import { fieldSelector, labelSelector } from "./emulator-selectors";
import { badRequest, notFound, refuse } from "./emulator-status";
import type { KubeObject, ObjectStore } from "./emulator-store";
import type { WatchRequest } from "./emulator-watch";

export interface ApiRequest {
  method: string;
  url: URL;
  contentType: string;
  userAgent: string;
  body: string;
}

export interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: string;
}

export type Reply = { status: number; body: object; headers?: Record<string, string> } | { watch: WatchRequest };

/** The resource, scope and verb a path and method stand for; undefined when the path names no served resource. */
export function route(method: string, url: URL): Route | undefined {
  const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(url.pathname);
  if (!match) return undefined;
  const [, coreVersion, group = "", groupVersion, rest] = match;
  const version = coreVersion ?? groupVersion;
  let segments = rest.split("/").filter(Boolean);
  let namespace: string | undefined;
  if (segments[0] === "namespaces" && segments.length >= 3 && resourceType(group, version, segments[2])) {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [plural, name, subresource] = segments;
  const type = resourceType(group, version, plural);
  if (!type || segments.length > 3) return undefined;
  const watching = url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1";
  const verbs: Record<string, string> = name
    ? { GET: "get", PUT: "update", PATCH: "patch", DELETE: "delete" }
    : { GET: watching ? "watch" : "list", POST: "create", DELETE: "deletecollection" };
  return { type, namespace, name, subresource, verb: verbs[method] ?? "" };
}

/** The manager a non-apply write is recorded under: `?fieldManager=`, else the client's user-agent name. */
const managerOf = (request: ApiRequest) => request.url.searchParams.get("fieldManager") || request.userAgent.split("/")[0] || "unknown";

function parseBody(request: ApiRequest, yaml: boolean): Json {
  try {
    return (yaml ? parseYaml(request.body) : JSON.parse(request.body)) as Json;
  } catch {
    throw badRequest(`error decoding ${yaml ? "YAML" : "JSON"}: the request body is not valid ${yaml ? "YAML" : "JSON"}`);
  }
}

const stripTypeMeta = ({ apiVersion, kind, ...object }: KubeObject) => {
  void apiVersion;
  void kind;
  return object;
};

function list(store: ObjectStore, route: Route, url: URL): object {
  const byLabel = labelSelector(url.searchParams.get("labelSelector"));
  const byField = fieldSelector(url.searchParams.get("fieldSelector"), route.type.name);
  const items = store.list(route.type.name, route.namespace).filter((object) => byLabel(object.metadata.labels ?? {}) && byField(object));
  return { kind: `${route.type.kind}List`, apiVersion: apiVersionOf(route.type), metadata: { resourceVersion: String(store.resourceVersion) }, items: items.map(stripTypeMeta) };
}

/** Answers one authorized request, or throws the Status that refuses it. */
export function answer(store: ObjectStore, resources: Resources, caller: Caller, request: ApiRequest, found: Route): Reply {
  const { type, namespace, name, verb } = found;
  if (!verb || found.subresource) throw refuse(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`, { kind: type.name, ...(name && { name }) });
  // Every authenticated user may ask what it may do (the system:basic-user ClusterRole).
  if (type.kind !== "SelfSubjectAccessReview" && !caller.may(verb, type.name)) throw forbidden(caller, verb, type.name, type.group, namespace, name);
  const target = { type, namespace, name: name ?? "" };
  const query = request.url.searchParams;
  switch (verb) {
    case "get": {
      const object = store.get(type.name, namespace, name!);
      if (!object) throw notFound(type.name, type.group, name!);
      return { status: 200, body: object };
    }
    case "list":
      return { status: 200, body: list(store, found, request.url) };
    case "watch": {
      const byLabel = labelSelector(query.get("labelSelector"));
      const byField = fieldSelector(query.get("fieldSelector"), type.name);
      const timeout = Number(query.get("timeoutSeconds") ?? "0");
      return { watch: { resource: type.name, matches: (object) => (namespace === undefined || object.metadata.namespace === namespace) && byLabel(object.metadata.labels ?? {}) && byField(object), resourceVersion: query.get("resourceVersion"), timeoutSeconds: timeout > 0 ? timeout : undefined } };
    }
    case "create": {
      if (type.kind === "SelfSubjectAccessReview") return { status: 201, body: review(caller, parseBody(request, false)) };
      const written = resources.create(target, parseBody(request, false), managerOf(request));
      return { status: 201, body: written.object, headers: written.warning ? { Warning: written.warning } : undefined };
    }
    case "update": {
      const written = resources.replace(target, parseBody(request, false), managerOf(request));
      return { status: 200, body: written.object, headers: written.warning ? { Warning: written.warning } : undefined };
    }
    case "patch": {
      const contentType = request.contentType.split(";")[0].trim();
      const force = query.get("force");
      if (contentType === APPLY_PATCH) {
        const manager = query.get("fieldManager");
        if (!manager) throw refuse(422, "Invalid", `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch`, { group: "meta.k8s.io", kind: "PatchOptions", causes: [{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }] });
        const written = resources.apply(target, parseBody(request, true), manager, force === "true");
        return { status: written.created ? 201 : 200, body: written.object, headers: written.warning ? { Warning: written.warning } : undefined };
      }
      if (![MERGE_PATCH, STRATEGIC_MERGE_PATCH, JSON_PATCH].includes(contentType)) {
        throw refuse(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${[JSON_PATCH, MERGE_PATCH, APPLY_PATCH, STRATEGIC_MERGE_PATCH].join(", ")}`);
      }
      if (force !== null) throw refuse(422, "Invalid", `PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch`, { group: "meta.k8s.io", kind: "PatchOptions", causes: [{ reason: "FieldValueForbidden", message: "Forbidden: may not be specified for non-apply patch", field: "force" }] });
      const written = resources.patch(target, contentType, parseBody(request, false), managerOf(request));
      return { status: 200, body: written.object, headers: written.warning ? { Warning: written.warning } : undefined };
    }
    case "delete":
      return { status: 200, body: resources.remove(target) };
    case "deletecollection": {
      const gone = resources.removeCollection(type, namespace, query.get("labelSelector"));
      return { status: 200, body: { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: String(store.resourceVersion) }, items: gone.map(stripTypeMeta) } };
    }
  }
  throw refuse(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

/** SelfSubjectAccessReview (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access). */
function review(caller: Caller, body: Json): object {
  const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
  const attributes = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  if (!attributes && !isObject(spec.nonResourceAttributes)) {
    throw refuse(422, "Invalid", `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`);
  }
  // RBAC names a subresource after its resource: `pods/log`.
  const resource = attributes ? `${String(attributes.resource ?? "")}${typeof attributes.subresource === "string" && attributes.subresource ? `/${attributes.subresource}` : ""}` : "";
  const allowed = attributes ? caller.may(String(attributes.verb ?? ""), resource) : true;
  return { kind: "SelfSubjectAccessReview", apiVersion: "authorization.k8s.io/v1", metadata: { creationTimestamp: null }, spec, status: { allowed, ...(!allowed && { reason: "" }) } };
}
