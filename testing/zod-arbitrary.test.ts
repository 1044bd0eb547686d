import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listProcedures } from "./procedures";
import { zodArbitrary } from "./zod-arbitrary";

const withInput = listProcedures().filter((procedure) => procedure.input);
const ids = ["7f1c0c2e-9a4b-4d6e-8f00-0123456789ab"];

describe("zodArbitrary", () => {
  it.each(withInput.map((p) => [p.path, p.input!] as const))("generates inputs that %s accepts", (_path, schema) => {
    const values = fc.sample(zodArbitrary(schema, { ids }), { numRuns: 100, seed: 42 });
    for (const value of values) expect(schema.safeParse(value).success).toBe(true);
    // Not one value over and over: the properties need variety.
    expect(new Set(values.map((value) => JSON.stringify(value) ?? "undefined")).size).toBeGreaterThan(1);
  });

  it("draws uuids from the given ids as well as fresh ones", () => {
    const values = fc.sample(zodArbitrary(z.object({ id: z.string().uuid() }), { ids }), { numRuns: 200, seed: 1 });
    expect(values.some((value) => value.id === ids[0])).toBe(true);
    expect(values.some((value) => value.id !== ids[0])).toBe(true);
  });

  it("names a zod type it cannot generate", () => {
    expect(() => zodArbitrary(z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })))).toThrow(/no generator for zod type "intersection"/);
  });
});
