// Finds the strings of a zod 4 schema that have no maximum length, by walking zod's own definitions
// (`_zod.def`, documented for tooling), like zod-arbitrary.ts. A kind of schema it does not know fails loudly.

interface Def {
  type: string;
  [key: string]: unknown;
}
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;
interface CheckDef {
  check: string;
  format?: string;
}
const isCheckDef = (def: object): def is CheckDef => "check" in def && typeof def.check === "string" && (!("format" in def) || def.format === undefined || typeof def.format === "string");
const checksOf = (def: Def) =>
  ((def.checks as unknown[] | undefined) ?? []).map((check) => {
    const checkDef: object = defOf(check);
    if (!isCheckDef(checkDef)) throw new Error(`A zod check without a kind: ${JSON.stringify(checkDef)}`);
    return checkDef;
  });

/** uuid, guid and ISO date strings have one length by their format; every other string needs its own maximum. */
const FIXED_LENGTH_FORMATS = new Set(["uuid", "guid", "date"]);

function bounded(def: Def): boolean {
  const checks = checksOf(def);
  if (FIXED_LENGTH_FORMATS.has(def.format as string)) return true;
  return checks.some((check) => check.check === "max_length" || check.check === "length_equals" || (check.check === "string_format" && FIXED_LENGTH_FORMATS.has(check.format ?? "")));
}

/** Paths ("credentials.secretAccessKey", "labels.<key>") of every string without a maximum length. */
export function unboundedStrings(schema: unknown, path = "", seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const walk = (inner: unknown, where = path) => unboundedStrings(inner, where, seen);
  switch (def.type) {
    case "string":
      return bounded(def) ? [] : [path || "(input)"];
    case "number":
    case "boolean":
    case "bigint":
    case "date":
    case "null":
    case "undefined":
    case "void":
    case "enum":
    case "literal":
    case "any":
    case "unknown":
      return [];
    case "optional":
    case "default":
    case "prefault":
    case "nullable":
    case "readonly":
    case "catch":
    case "nonoptional":
      return walk(def.innerType);
    case "pipe":
      // A pass-through transform in front hands the value on unchanged: the schema after it is what bounds it.
      return defOf(def.in).type === "transform" ? walk(def.out) : walk(def.in);
    case "lazy":
      return walk((def.getter as () => unknown)());
    case "union":
      return (def.options as unknown[]).flatMap((option) => walk(option));
    case "tuple":
      return (def.items as unknown[]).flatMap((item, index) => walk(item, at(String(index))));
    case "array":
      return walk(def.element, at("[]"));
    case "object":
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([key, value]) => walk(value, at(key)));
    case "record":
      return [...walk(def.keyType, at("<key>")), ...walk(def.valueType, at("<value>"))];
    default:
      throw new Error(`unboundedStrings: no rule for zod type "${def.type}"; add one in testing/string-bounds.ts`);
  }
}
