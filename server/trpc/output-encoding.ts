import superjson from "superjson";
import type { z } from "zod";
import { isoTime } from "./iso-time";
import { defOf } from "./zod-def";

// Answers in superjson's wire format ({json, meta: {values: {"0.updatedAt": ["Date"]}, v: 1}}, what the dashboard's
// client decodes) without superjson's walk. superjson cannot know where an answer's dates and bigints are, so it
// copies the whole answer, with a path object per value, to find them; under bench P4's load that copy and its
// garbage cost the API more CPU per call than anything else it adds to the query (README, P4). A procedure's output
// view (./output-view.ts) does know: its zod schema names the fields that hold a Date or a bigint. So an answer its
// view has just checked is sent as it is, its dates and bigints written as superjson writes them, with the paths
// the schema points to. Anything else, and any schema this does not understand
// (unions, records, unknown JSON, transforms...), goes through superjson itself.

type Plan = { kind: "date" } | { kind: "bigint" } | { kind: "object"; fields: Field[] } | { kind: "array"; item: Plan; paths: KeptPaths };
/** A field of an object that can hold a Date or a bigint; `escaped`: its key as superjson writes it in a path. */
interface Field {
  key: string;
  escaped: string;
  plan: Plan;
  paths: KeptPaths;
}
/** No Date or bigint can be inside; "opaque": this file cannot tell (superjson encodes the answer). */
type Judged = Plan | "plain" | "opaque";

const PLAIN_TYPES = new Set(["string", "number", "boolean", "enum", "literal", "null", "undefined"]);
// Wrappers whose output is the inner schema's own fresh copy. Not readonly (its output is frozen) nor default,
// prefault and catch (their output can be the one object the schema holds): dates are replaced in place.
const WRAPPERS = new Set(["optional", "nullable", "nonoptional"]);

function judge(schema: unknown): Judged {
  const def = defOf(schema);
  if (PLAIN_TYPES.has(def.type)) return "plain";
  if (def.type === "date") return { kind: "date" };
  if (def.type === "bigint") return { kind: "bigint" };
  if (WRAPPERS.has(def.type) && def.innerType) return judge(def.innerType);
  if (def.type === "array" && def.element) {
    const item = judge(def.element);
    return item === "plain" || item === "opaque" ? item : { kind: "array", item, paths: new KeptPaths() };
  }
  if (def.type === "object" && def.shape) {
    // Extra keys are stripped unless a catchall keeps them, and then nothing says what they hold.
    if (def.catchall && defOf(def.catchall).type !== "never") return "opaque";
    const fields: Field[] = [];
    for (const [key, field] of Object.entries(def.shape)) {
      const judged = judge(field);
      if (judged === "opaque") return "opaque";
      if (judged !== "plain") fields.push({ key, escaped: escapeKey(key), plan: judged, paths: new KeptPaths() });
    }
    return fields.length ? { kind: "object", fields } : "plain";
  }
  return "opaque";
}

const judged = new WeakMap<z.ZodType, Judged>();
const planOf = (schema: z.ZodType): Judged => {
  let plan = judged.get(schema);
  if (plan === undefined) judged.set(schema, (plan = judge(schema)));
  return plan;
};

/** superjson's path syntax: keys joined by dots, a dot or backslash inside a key escaped with a backslash. */
function escapeKey(key: string): string {
  return key.includes("\\") || key.includes(".") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key;
}

// One of each for every answer: JSON.stringify writes a shared array as often as it meets it.
const DATE: [string] = ["Date"];
const BIGINT: [string] = ["bigint"];

const joined = (path: string, step: string) => (path === "" ? step : `${path}.${step}`);

/**
 * The paths one step of a plan writes, by the path above it: every page of a list writes the same ones ("0.updatedAt"
 * under "0"). A path built anew is a new string, which V8 looks up in its string table to store it as a key of `values`:
 * 1% of the product's CPU per list call under bench P4's load (perf). A kept one was looked up once; the map finds it
 * by the kept path above, whose hash V8 keeps. Bounded, for answers of unusual size: past it, paths are built anew.
 */
class KeptPaths {
  private static readonly LIMIT = 10_000;
  private readonly byParent = new Map<string, string[]>();
  private size = 0;

  /** The path of item `index` of the array at `path`. */
  item(path: string, index: number): string {
    return this.byParent.get(path)?.[index] ?? this.keep(path, index, String(index));
  }

  /** The path of a field (its escaped key) of the object at `path`. */
  field(path: string, escaped: string): string {
    return this.byParent.get(path)?.[0] ?? this.keep(path, 0, escaped);
  }

  private keep(path: string, slot: number, step: string): string {
    const full = joined(path, step);
    if (this.size < KeptPaths.LIMIT) {
      this.size++;
      const kept = this.byParent.get(path);
      if (kept) kept[slot] = full;
      else this.byParent.set(path, Object.assign([], { [slot]: full }));
    }
    return full;
  }
}

/**
 * Writes the path of each Date and bigint in `value` into `values`, and puts in its place the text superjson sends for
 * it (a Date's toISOString, a bigint's decimal digits), so JSON.stringify meets only plain values: no toJSON to call.
 * Returns that text when `value` itself is the Date or bigint, for its container to put in its place.
 */
function annotate(value: unknown, plan: Plan, path: string, values: Record<string, [string]>): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (plan.kind) {
    case "date":
      if (!(value instanceof Date)) return undefined;
      values[path] = DATE;
      return isoTime(value);
    case "bigint":
      if (typeof value !== "bigint") return undefined;
      values[path] = BIGINT;
      return value.toString();
    case "array":
      if (!Array.isArray(value)) return undefined;
      for (let i = 0; i < value.length; i++) {
        const text = annotate(value[i], plan.item, plan.paths.item(path, i), values);
        if (text !== undefined) value[i] = text;
      }
      return undefined;
    case "object": {
      if (typeof value !== "object") return undefined;
      const object = value as Record<string, unknown>;
      for (let i = 0; i < plan.fields.length; i++) {
        const field = plan.fields[i];
        const text = annotate(object[field.key], field.plan, field.paths.field(path, field.escaped), values);
        if (text !== undefined) object[field.key] = text;
      }
      return undefined;
    }
  }
}

/** Answers an output view checked: the value its parse returned, a fresh copy, so its dates and bigints can be replaced in place. */
const checked = new WeakMap<object, z.ZodType>();

export function markChecked<T>(value: T, schema: z.ZodType): T {
  if (typeof value === "object" && value !== null) checked.set(value, schema);
  return value;
}

/** tRPC's output serializer: superjson's format, from the view's schema when the answer came from one. */
export function serializeOutput(value: unknown): unknown {
  const schema = typeof value === "object" && value !== null ? checked.get(value) : undefined;
  const plan = schema && planOf(schema);
  if (!plan || plan === "opaque") return superjson.serialize(value);
  if (plan === "plain") return { json: value };
  // A Date answered alone has no container to take its text (and a bigint is never marked): superjson encodes it.
  if (plan.kind === "date" || plan.kind === "bigint") return superjson.serialize(value);
  const values: Record<string, [string]> = {};
  annotate(value, plan, "", values);
  return Object.keys(values).length ? { json: value, meta: { values, v: 1 } } : { json: value };
}
