// The non-apply patches (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/):
// JSON merge patch (RFC 7386), strategic merge patch taken as a merge patch (what kubectl sends for
// annotate/label/scale/set image is one: maps and whole lists, no `$patch` directives), and JSON patch (RFC 6902).
import { isDeepStrictEqual } from "node:util";
import { isObject, type Json, type JsonObject } from "./emulator-fields";
import { badRequest, refuse } from "./emulator-status";

export const MERGE_PATCH = "application/merge-patch+json";
export const STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
export const JSON_PATCH = "application/json-patch+json";
export const APPLY_PATCH = "application/apply-patch+yaml";

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

const pointer = (path: string) =>
  path
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));

/** RFC 6902 over a copy of `target`; a failed `test` or a missing path is the API server's 422/500 wording. */
export function jsonPatch(target: JsonObject, operations: Json): JsonObject {
  if (!Array.isArray(operations)) throw badRequest("json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp");
  const document: JsonObject = structuredClone(target);
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.path !== "string") throw badRequest("the server rejected our request due to an error in our request");
    const parts = pointer(operation.path);
    const last = parts.pop()!;
    let parent: Json | undefined = document;
    for (const part of parts) parent = Array.isArray(parent) ? parent[Number(part)] : isObject(parent) ? parent[part] : undefined;
    const missing = () => refuse(422, "Invalid", `the server rejected our request due to an error in our request`);
    if (parent === undefined || parent === null || typeof parent !== "object") throw missing();
    const value = operation.value ?? null;
    const index = Array.isArray(parent) ? (last === "-" ? parent.length : Number(last)) : -1;
    switch (operation.op) {
      case "add":
        if (Array.isArray(parent)) parent.splice(index, 0, value);
        else parent[last] = value;
        break;
      case "replace":
        if (Array.isArray(parent)) parent[index] = value;
        else parent[last] = value;
        break;
      case "remove":
        if (Array.isArray(parent)) parent.splice(index, 1);
        else delete parent[last];
        break;
      case "test":
        if (!isDeepStrictEqual(Array.isArray(parent) ? parent[index] : parent[last], value)) throw missing();
        break;
      default:
        throw badRequest(`Unexpected kind: ${String(operation.op)}`);
    }
  }
  return document;
}
