// Malformed inputs for the property tests: anything at all, and valid inputs broken in one place (a field of
// the wrong type, a field left out, a huge or strange string, prototype-polluting keys, deep nesting).
import fc from "fast-check";

/** Own keys named __proto__ / constructor / prototype, as JSON.parse makes them from a request body. */
export const pollutingObject = () => JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}') as object;

function deeplyNested(depth: number, asArray: boolean): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { nested: value };
  return value;
}

/** One value of a kind a schema does not expect, or at the edge of what it expects. */
export const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63)),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\ud800", "💥".repeat(50), "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "'; DROP TABLE \"App\"; --", "../../etc/passwd", "<script>alert(1)</script>", "%00", "\u202e"),
  fc.constantFrom("x".repeat(100_000), "é".repeat(20_000)),
  fc.constantFrom(10n ** 30n, new Date(Number.NaN), new Date(8.64e15), new Map([["a", 1]]), new Set([1]), /regex/),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.constant(null).map(() => pollutingObject()),
  fc.constantFrom(deeplyNested(1_000, false), deeplyNested(1_000, true)),
);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** `value` broken in one place: a key's value replaced or removed, or polluting keys added, at any depth. */
function broken(value: unknown): fc.Arbitrary<unknown> {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return fc.oneof(strangeValue, fc.constant(null).map(() => Object.assign(pollutingObject(), isPlainObject(value) ? value : {})));
  const keys = Object.keys(value);
  return fc.constantFrom(...keys).chain((key) =>
    fc.oneof(
      strangeValue.map((strange) => ({ ...value, [key]: strange })),
      fc.constant(Object.fromEntries(Object.entries(value).filter(([other]) => other !== key))),
      fc.constant(null).map(() => Object.assign(pollutingObject(), value)),
      broken(value[key]).map((inner) => ({ ...value, [key]: inner })),
    ),
  );
}

/** Inputs that are mostly invalid: arbitrary values, strange values, and valid inputs broken in one place. */
export function hostileArbitrary(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true }), weight: 1 },
    { arbitrary: strangeValue, weight: 1 },
    { arbitrary: valid.chain(broken), weight: 4 },
  );
}
