// Field paths for server-side apply, as structured-merge-diff writes them in `managedFields[].fieldsV1`
// (https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management): `f:<name>` for a field,
// `k:{…}` for an item of an associative list (keyed by its merge key: containers by name, ports by port and
// protocol), other lists atomic. A path is a list of those keys; a set of leaf paths is what a manager owns.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type FieldPath = string[];

export const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Merge keys of the associative lists of the served kinds (x-kubernetes-list-map-keys in the OpenAPI schemas). */
export function listKeys(field: string, item: unknown): string[] | undefined {
  if (!isObject(item)) return undefined;
  if (["containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets"].includes(field)) return ["name"];
  if (field === "volumeMounts") return ["mountPath"];
  if (field === "conditions") return ["type"];
  if (field === "ports") return "containerPort" in item ? ["containerPort", "protocol"] : ["port", "protocol"];
  return undefined;
}

/** The `k:{…}` key of a list item; the protocol of a port defaults to TCP, as the API server defaults it. */
export function itemKey(keys: string[], item: JsonObject): string {
  const values: JsonObject = {};
  for (const key of [...keys].sort()) values[key] = item[key] ?? (key === "protocol" ? "TCP" : null);
  return `k:${JSON.stringify(values)}`;
}

/** Fields identity and bookkeeping: nobody owns them through apply. */
const UNOWNED_METADATA = new Set(["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "managedFields", "selfLink"]);
const UNOWNED_TOP = new Set(["apiVersion", "kind", "status"]);

/** The leaf paths `value` sets (each as a JSON string, for sets). Items of associative lists also count as nodes. */
export function leafPaths(object: JsonObject): Set<string> {
  const leaves = new Set<string>();
  const walk = (value: Json, path: FieldPath, field: string) => {
    if (isObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) {
        if (path.length === 0 && UNOWNED_TOP.has(key)) continue;
        if (path.length === 1 && path[0] === "f:metadata" && UNOWNED_METADATA.has(key)) continue;
        walk(child, [...path, `f:${key}`], key);
      }
      return;
    }
    if (Array.isArray(value) && value.length > 0 && listKeys(field, value[0])) {
      for (const item of value) {
        if (!isObject(item)) continue;
        const itemPath = [...path, itemKey(listKeys(field, item)!, item)];
        leaves.add(JSON.stringify([...itemPath, "."]));
        walk(item, itemPath, "");
      }
      return;
    }
    leaves.add(JSON.stringify(path));
  };
  walk(object, [], "");
  return leaves;
}

/** The value at a path, or undefined when the object does not hold it. */
export function valueAt(object: Json, path: FieldPath): Json | undefined {
  let current: Json | undefined = object;
  for (const segment of path) {
    if (segment === ".") return current;
    if (segment.startsWith("f:")) current = isObject(current) ? current[segment.slice(2)] : undefined;
    else current = Array.isArray(current) ? current.find((item) => isObject(item) && itemKey(Object.keys(JSON.parse(segment.slice(2))), item) === segment) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** Deletes the value at a path, and the list items or maps the deletion leaves empty. */
export function removeAt(object: JsonObject, path: FieldPath): void {
  const parents: [Json, string][] = [];
  let current: Json | undefined = object;
  for (const segment of path.filter((part) => part !== ".")) {
    if (current === undefined) return;
    parents.push([current, segment]);
    current = valueAt(current, [segment]);
  }
  for (let index = parents.length - 1; index >= 0; index--) {
    const [parent, segment] = parents[index];
    const child = valueAt(parent, [segment]);
    const isLast = index === parents.length - 1;
    const empty = isObject(child) ? Object.keys(child).length === 0 : Array.isArray(child) && child.length === 0;
    if (!isLast && !empty) return;
    if (isObject(parent)) delete parent[segment.slice(2)];
    else if (Array.isArray(parent)) parent.splice(parent.indexOf(child!), 1);
  }
}

/** The path as the API server prints it in a conflict: `.spec.template.spec.containers[name="web"].image`. */
export function printPath(path: FieldPath): string {
  return path
    .filter((segment) => segment !== ".")
    .map((segment) => {
      if (segment.startsWith("f:")) return `.${segment.slice(2)}`;
      const keys = Object.entries(JSON.parse(segment.slice(2)) as JsonObject);
      return `[${keys.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(",")}]`;
    })
    .join("");
}

/** A set of leaf paths as the nested FieldsV1 document managedFields holds. */
export function toFieldsV1(leaves: Set<string>): JsonObject {
  const root: JsonObject = {};
  for (const leaf of leaves) {
    let node = root;
    for (const segment of JSON.parse(leaf) as FieldPath) {
      if (!isObject(node[segment])) node[segment] = {};
      node = node[segment] as JsonObject;
    }
  }
  return root;
}

/** The leaf paths of a FieldsV1 document (the inverse of toFieldsV1). */
export function fromFieldsV1(fields: JsonObject): Set<string> {
  const leaves = new Set<string>();
  const walk = (node: JsonObject, path: FieldPath) => {
    const children = Object.entries(node);
    if (children.length === 0) leaves.add(JSON.stringify(path));
    for (const [segment, child] of children) walk(isObject(child) ? child : {}, [...path, segment]);
  };
  walk(fields, []);
  return leaves;
}
