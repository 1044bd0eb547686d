// A zod schema's definition, as far as the code that walks schemas reads it (server/rest/input.ts converts query text
// by it; ./output-encoding.ts finds an answer's dates and bigints by it). zod 4 keeps it on `_zod.def`.

export interface ZodDef {
  type: string;
  innerType?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  catchall?: unknown;
  in?: unknown;
}

export const defOf = (schema: unknown) => (schema as { _zod: { def: ZodDef } })._zod.def;
