import { z } from "zod";

// JSON columns are parsed where they leave the database, with the zod schema that defines their shape (never cast):
// a value that does not fit is a broken row, and says which.

/** Where a JSON value was read: the model, the row and the column, e.g. { model: "DeploymentRevision", id: "…#3", field: "spec" }. */
export interface ColumnAt {
  model: string;
  id: string;
  field: string;
}

/** A JSON column's value that does not have the shape its schema defines. */
export class StoredJsonError extends Error {
  constructor(
    readonly at: ColumnAt,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`${at.model} ${at.id}: column ${at.field} does not hold what it should: ${z.prettifyError(new z.ZodError(issues))}`);
    this.name = "StoredJsonError";
  }
}

/** The column's value parsed with `schema`; throws StoredJsonError naming the row and the field when it does not fit. */
export function parseColumn<T>(schema: z.ZodType<T>, value: unknown, at: ColumnAt): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredJsonError(at, parsed.error.issues);
  return parsed.data;
}
