// A REST request's input for its procedure: path parameters, and the query string (GET, DELETE) or a JSON body.
// Query values are text; a field the schema wants as a number or a boolean is converted only when the text is
// exactly one, and left as text otherwise so the schema refuses it naming the field. (trpc-to-openapi's own handler
// coerces by switching the shared schemas to zod's coercion for good, which would also make the tRPC API read
// "false" as true and null as 0; this does not touch the schemas.)
import type { ZodType } from "zod";
import { defOf, type ZodDef } from "@/server/trpc/zod-def";

/** The schema under optional, default, nullable and pipes. */
function unwrap(schema: unknown): ZodDef {
  let def = defOf(schema);
  for (;;) {
    if (def.innerType && ["optional", "default", "prefault", "nullable", "readonly"].includes(def.type)) def = defOf(def.innerType);
    else if (def.type === "pipe" && def.in) def = defOf(def.in);
    else return def;
  }
}

function convert(def: ZodDef, text: string): unknown {
  if (def.type === "number" && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (def.type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/** The query string as the input object: repeated keys make arrays where the schema has one. */
export function queryInput(schema: ZodType | null, query: URLSearchParams): Record<string, unknown> {
  const shape = schema ? (unwrap(schema).shape ?? {}) : {};
  const input: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    if (key === "__proto__") continue; // would set the object's prototype, not a field
    const values = query.getAll(key);
    const field = Object.hasOwn(shape, key) ? unwrap(shape[key]) : null;
    if (field?.type === "array") input[key] = values.map((value) => convert(unwrap(field.element), value));
    else input[key] = field ? convert(field, values[values.length - 1]) : values[values.length - 1];
  }
  return input;
}
