// fast-check arbitraries derived from zod 4 schemas, for the property tests of every procedure's input.
// Written here because no maintained bridge exists for zod 4 and fast-check 4 (zod-fast-check targets zod 3
// and fast-check 3). It reads zod's own definitions (`_zod.def`), which zod 4 documents for tooling; a
// schema kind it does not know fails loudly, naming the kind, rather than generating something wrong.
import fc from "fast-check";
import type { ZodType } from "zod";

interface Def {
  type: string;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  [key: string]: unknown;
}

export interface ArbitraryOptions {
  /** Ids of rows that exist: uuid fields draw from them as often as not, so calls reach past "not found". */
  ids?: readonly string[];
}

const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;
const isCheckDef = (def: object): def is CheckDef => "check" in def && typeof def.check === "string";
const checksOf = (def: Def) =>
  ((def.checks as unknown[] | undefined) ?? []).map((check) => {
    const checkDef: object = defOf(check);
    if (!isCheckDef(checkDef)) throw new Error(`A zod check without a kind: ${JSON.stringify(checkDef)}`);
    return checkDef;
  });

function uuidArbitrary(options: ArbitraryOptions): fc.Arbitrary<string> {
  const fresh = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });
  return options.ids?.length ? fc.oneof(fc.constantFrom(...options.ids), fresh) : fresh;
}

/** Free text: plain, any Unicode (lone surrogates and NUL included), or mostly blanks. */
const freeText = (minLength: number, maxLength: number) =>
  fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ unit: "binary", minLength, maxLength }),
    fc.string({ unit: fc.constantFrom(" ", "\t", "\n", "a"), minLength, maxLength }),
  );

function stringArbitrary(def: Def, options: ArbitraryOptions): fc.Arbitrary<string> {
  let minLength = 0;
  let maxLength = Number.POSITIVE_INFINITY;
  let format = def.format as string | undefined;
  let pattern = def.pattern as RegExp | undefined;
  for (const check of checksOf(def)) {
    if (check.check === "min_length") minLength = Math.max(minLength, check.minimum as number);
    else if (check.check === "max_length") maxLength = Math.min(maxLength, check.maximum as number);
    else if (check.check === "length_equals") minLength = maxLength = check.length as number;
    else if (check.check === "string_format") {
      format = check.format as string;
      pattern = check.pattern as RegExp | undefined;
    }
  }
  if (format === "uuid" || format === "guid") return uuidArbitrary(options);
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (pattern) return fc.stringMatching(pattern).filter(fits);
  return freeText(minLength, Math.min(maxLength, minLength + 60));
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min: number | undefined;
  let max: number | undefined;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  for (const check of checksOf(def)) {
    if (check.check === "number_format") integer = true;
    else if (check.check === "greater_than") [min, minExcluded] = [check.value as number, !check.inclusive];
    else if (check.check === "less_than") [max, maxExcluded] = [check.value as number, !check.inclusive];
  }
  if (integer) {
    return fc.integer({ min: min === undefined ? -(2 ** 31) : Math.ceil(min) + (minExcluded ? 1 : 0), max: max === undefined ? 2 ** 31 : Math.floor(max) - (maxExcluded ? 1 : 0) });
  }
  return fc.double({ min: min ?? -1e9, max: max ?? 1e9, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
}

/** Whether an object may leave this key out. */
const optionalKey = (schema: unknown) => ["optional", "default", "prefault"].includes(defOf(schema).type);

function build(schema: unknown, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (key: string) => build(def[key], options);
  switch (def.type) {
    case "string":
      return stringArbitrary(def, options);
    case "number":
      return numberArbitrary(def);
    case "boolean":
      return fc.boolean();
    case "bigint":
      return fc.bigInt();
    case "date":
      return fc.date({ noInvalidDate: true });
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "any":
    case "unknown":
      return fc.anything();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "optional":
    case "default":
    case "prefault":
      return fc.option(inner("innerType"), { nil: undefined });
    case "nullable":
      return fc.option(inner("innerType"), { nil: null });
    case "readonly":
    case "catch":
    case "nonoptional":
      return inner("innerType");
    case "pipe":
      // Generated values are inputs, so the pipe's input side decides; a transform in front (one that hands any value on
      // for the schema after it to check, as server/targets/schemas.ts' checkedByProvider does) takes what the output side accepts.
      return defOf(def.in).type === "transform" ? inner("out") : inner("in");
    case "lazy":
      return build((def.getter as () => unknown)(), options);
    case "union":
      return fc.oneof(...(def.options as unknown[]).map((option) => build(option, options)));
    case "tuple":
      return fc.tuple(...(def.items as unknown[]).map((item) => build(item, options)));
    case "array": {
      const checks = checksOf(def);
      const minLength = (checks.find((c) => c.check === "min_length")?.minimum as number | undefined) ?? 0;
      const maxLength = (checks.find((c) => c.check === "max_length")?.maximum as number | undefined) ?? minLength + 4;
      return fc.array(inner("element"), { minLength, maxLength: Math.min(maxLength, minLength + 4) });
    }
    case "object": {
      const shape = def.shape as Record<string, unknown>;
      const keys = Object.keys(shape);
      const fields = Object.fromEntries(keys.map((key) => [key, build(shape[key], options)]));
      return fc.record(fields, { requiredKeys: keys.filter((key) => !optionalKey(shape[key])) });
    }
    case "record": {
      const keyDef = defOf(def.keyType);
      const value = inner("valueType");
      if (keyDef.type === "enum") {
        const keys = Object.values(keyDef.entries as Record<string, string>);
        return fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: def.partial ? [] : undefined });
      }
      return fc.dictionary(build(def.keyType, options) as fc.Arbitrary<string>, value, { maxKeys: 4 });
    }
    default:
      throw new Error(`zodArbitrary: no generator for zod type "${def.type}"; add one in testing/zod-arbitrary.ts`);
  }
}

/** Values the schema accepts as input; refinements (cross-field rules) are met by filtering. */
export function zodArbitrary<T>(schema: ZodType<unknown, T>, options: ArbitraryOptions = {}): fc.Arbitrary<T> {
  return build(schema, options).filter((value) => schema.safeParse(value).success) as fc.Arbitrary<T>;
}
