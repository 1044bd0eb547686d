import type { z } from "zod";
import { markChecked } from "./output-encoding";

/**
 * A procedure's output schema, validated synchronously. tRPC checks outputs with the schema's parseAsync, which
 * zod runs without its compiled parser (it compiles object parsers for synchronous parses only): a page of 50
 * deployments took 53 µs that way against 6.5 µs. Views have no asynchronous checks, so their parseAsync becomes
 * the synchronous parse; invalid output still rejects with zod's error. The schema itself is kept (not a copy),
 * so the OpenAPI document still finds its registered name. The checked answer is marked, so that it is encoded from
 * its schema (./output-encoding.ts).
 */
export function outputView<T extends z.ZodType>(schema: T): T {
  schema.parseAsync = async (data, params) => markChecked(schema.parse(data, params), schema);
  views.add(schema);
  return schema;
}

const views = new WeakSet<object>();

/** Whether a procedure's output schema went through outputView (a test holds every procedure to it). */
export const isOutputView = (schema: unknown): boolean => typeof schema === "object" && schema !== null && views.has(schema);
