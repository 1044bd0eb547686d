import { expect, it } from "vitest";
import { z } from "zod";
import { listProcedures } from "@/testing/procedures";
import { unboundedStrings } from "@/testing/string-bounds";

// Every string any procedure takes has a maximum length, so no input can be large enough to reach the database
// as an index row too large (a 500) or to make a hash or a regular expression work for long.

it("finds the strings without a maximum in a schema, nested anywhere", () => {
  const schema = z.object({
    ok: z.string().max(10),
    id: z.uuid(),
    nested: z.object({ free: z.string().min(1) }).optional(),
    list: z.array(z.email()),
    map: z.record(z.string(), z.string().max(5)),
    choice: z.union([z.string().max(3), z.string().regex(/^a+$/)]),
  });
  expect(unboundedStrings(schema).sort()).toEqual(["choice", "list.[]", "map.<key>", "nested.free"]);
});

it("every string in every procedure's input has a maximum length", () => {
  const procedures = listProcedures().filter((procedure) => procedure.input);
  const unbounded = procedures.flatMap((procedure) => unboundedStrings(procedure.input).map((path) => `${procedure.path}: ${path}`));
  console.log(`input bounds: ${procedures.length} procedures with input checked`);
  expect(unbounded).toEqual([]);
});
