// Server-side apply and the field ownership every write records
// (https://kubernetes.io/docs/reference/using-api/server-side-apply/): an applier owns exactly the fields it sends;
// a field another manager owns with a different value is a conflict (409, worded as the API server's
// fieldmanager package words it) unless the apply is forced; fields the applier stops sending are removed when
// nobody else owns them. Plain updates (PUT, merge patches) make their manager the owner of what they changed.
import { isDeepStrictEqual } from "node:util";
import { fromFieldsV1, isObject, itemKey, type Json, type JsonObject, leafPaths, listKeys, printPath, removeAt, toFieldsV1, valueAt } from "./emulator-fields";
import { refuse, type StatusCause, StatusError } from "./emulator-status";
import type { KubeObject, ManagedFieldsEntry } from "./emulator-store";

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const asJson = (object: KubeObject): JsonObject => JSON.parse(JSON.stringify(object)) as JsonObject;

/** The applied configuration merged into the live object: maps field by field, associative lists item by item. */
export function mergeApplied(live: Json | undefined, applied: Json, field = ""): Json {
  if (isObject(live) && isObject(applied)) {
    const merged: JsonObject = { ...live };
    for (const [key, value] of Object.entries(applied)) merged[key] = mergeApplied(live[key], value, key);
    return merged;
  }
  if (Array.isArray(live) && Array.isArray(applied) && applied.length > 0 && listKeys(field, applied[0])) {
    const merged = [...live];
    for (const item of applied) {
      if (!isObject(item)) continue;
      const key = itemKey(listKeys(field, item)!, item);
      const index = merged.findIndex((candidate) => isObject(candidate) && itemKey(listKeys(field, item)!, candidate) === key);
      if (index >= 0) merged[index] = mergeApplied(merged[index], item);
      else merged.push(item);
    }
    return merged;
  }
  return applied;
}

/** How the API server names a manager in a conflict (printManager in k8s.io/apiserver's fieldmanager). */
function printManager(entry: ManagedFieldsEntry): string {
  const name = JSON.stringify(entry.manager);
  return entry.operation === "Update" ? `${name} using ${entry.apiVersion} at ${entry.time}` : `${name} using ${entry.apiVersion}`;
}

function conflictError(conflicts: { entry: ManagedFieldsEntry; path: string }[]): StatusError {
  const causes: StatusCause[] = conflicts.map(({ entry, path }) => ({ reason: "FieldManagerConflict", message: `conflict with ${printManager(entry)}`, field: path }));
  if (conflicts.length === 1) {
    return refuse(409, "Conflict", `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].entry)}: ${conflicts[0].path}`, { causes });
  }
  const byManager = new Map<string, string[]>();
  for (const { entry, path } of conflicts) byManager.set(printManager(entry), [...(byManager.get(printManager(entry)) ?? []), path]);
  const lines = [...byManager.keys()].sort().flatMap((manager) => [`conflicts with ${manager}:`, ...byManager.get(manager)!.map((path) => `- ${path}`)]);
  return refuse(409, "Conflict", `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`, { causes });
}

const sameManager = (entry: ManagedFieldsEntry, manager: string, operation: "Apply" | "Update") => entry.manager === manager && entry.operation === operation && !entry.subresource;

function withEntry(entries: ManagedFieldsEntry[], manager: string, operation: "Apply" | "Update", apiVersion: string, leaves: Set<string>): ManagedFieldsEntry[] {
  const kept = entries.filter((entry) => !sameManager(entry, manager, operation));
  const mine: ManagedFieldsEntry = { manager, operation, apiVersion, time: now(), fieldsType: "FieldsV1", fieldsV1: toFieldsV1(leaves) };
  return [...kept, ...(leaves.size > 0 ? [mine] : [])].filter((entry) => Object.keys(entry.fieldsV1).length > 0);
}

/** Drops `paths` from every entry but the one that now owns them. */
function strip(entries: ManagedFieldsEntry[], paths: Set<string>): ManagedFieldsEntry[] {
  return entries.map((entry) => {
    const leaves = fromFieldsV1(entry.fieldsV1 as JsonObject);
    for (const path of paths) leaves.delete(path);
    return { ...entry, fieldsV1: toFieldsV1(leaves) };
  });
}

/** The object after `manager` applies `applied` to `live` (absent: a create); throws the 409 of a conflict. */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, manager: string, force: boolean): KubeObject {
  const entries = live?.metadata.managedFields ?? [];
  const appliedJson = asJson(applied);
  const appliedLeaves = leafPaths(appliedJson);
  const liveJson: JsonObject = live ? asJson(live) : {};
  const conflicting = new Set<string>();
  const conflicts: { entry: ManagedFieldsEntry; path: string }[] = [];
  for (const entry of entries) {
    if (sameManager(entry, manager, "Apply")) continue;
    for (const leaf of fromFieldsV1(entry.fieldsV1 as JsonObject)) {
      const path = JSON.parse(leaf) as string[];
      if (!appliedLeaves.has(leaf) || path.at(-1) === ".") continue;
      if (isDeepStrictEqual(valueAt(liveJson, path), valueAt(appliedJson, path))) continue;
      conflicting.add(leaf);
      conflicts.push({ entry, path: printPath(path) });
    }
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);

  const merged = mergeApplied(liveJson, appliedJson) as JsonObject;
  const others = strip(entries, conflicting).filter((entry) => !sameManager(entry, manager, "Apply"));
  const ownedByOthers = new Set(others.flatMap((entry) => [...fromFieldsV1(entry.fieldsV1 as JsonObject)]));
  const previous = entries.find((entry) => sameManager(entry, manager, "Apply"));
  const dropped = [...(previous ? fromFieldsV1(previous.fieldsV1 as JsonObject) : [])].filter((leaf) => !appliedLeaves.has(leaf) && !ownedByOthers.has(leaf));
  removeDropped(merged, dropped);

  const result = merged as KubeObject;
  result.metadata.managedFields = withEntry(others, manager, "Apply", applied.apiVersion, appliedLeaves);
  return result;
}

/** Removes the fields an applier stopped sending; list items go once only their merge keys remain. */
function removeDropped(object: JsonObject, dropped: string[]): void {
  const paths = dropped.map((leaf) => JSON.parse(leaf) as string[]);
  const isKeyField = (path: string[]) => path.length >= 2 && path.at(-2)!.startsWith("k:") && path.at(-1)!.slice(2) in (JSON.parse(path.at(-2)!.slice(2)) as JsonObject);
  for (const path of paths) if (path.at(-1) !== "." && !isKeyField(path)) removeAt(object, path);
  for (const path of paths.filter((candidate) => candidate.at(-1) === ".")) {
    const item = valueAt(object, path);
    const keys = Object.keys(JSON.parse(path.at(-2)!.slice(2)) as JsonObject);
    if (isObject(item) && Object.keys(item).every((key) => keys.includes(key))) removeAt(object, path);
  }
}

/** Ownership after a plain write by `manager`: it takes the fields it changed; removed fields leave every set. */
export function recordUpdate(previous: KubeObject | undefined, next: KubeObject, manager: string): KubeObject {
  const before: JsonObject = previous ? asJson(previous) : {};
  const after = asJson(next);
  const oldLeaves = leafPaths(before);
  const newLeaves = leafPaths(after);
  const changed = new Set([...newLeaves].filter((leaf) => !oldLeaves.has(leaf) || !isDeepStrictEqual(valueAt(before, JSON.parse(leaf) as string[]), valueAt(after, JSON.parse(leaf) as string[]))));
  const removed = new Set([...oldLeaves].filter((leaf) => !newLeaves.has(leaf)));
  const entries = strip(previous?.metadata.managedFields ?? [], new Set([...changed, ...removed]));
  const mine = entries.find((entry) => sameManager(entry, manager, "Update"));
  const owned = new Set([...(mine ? fromFieldsV1(mine.fieldsV1 as JsonObject) : []), ...changed]);
  next.metadata.managedFields = changed.size > 0 ? withEntry(entries, manager, "Update", next.apiVersion, owned) : entries.filter((entry) => Object.keys(entry.fieldsV1).length > 0);
  return next;
}
