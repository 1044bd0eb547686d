import type { FieldValues, Resolver } from "react-hook-form";
import type * as z from "zod/v4/core";

type ZodResolver<Schema extends z.$ZodType<FieldValues, FieldValues>> = Resolver<z.input<Schema>, unknown, z.output<Schema>>;

/**
 * react-hook-form's zod resolver for a schema imported on first validation: the forms validate with the
 * API's own schemas, but zod (27 kB gzip) and the resolver then load when a form is first checked, not
 * with the page.
 */
export function lazyZodResolver<Schema extends z.$ZodType<FieldValues, FieldValues>>(load: () => Promise<Schema>): ZodResolver<Schema> {
  let resolver: Promise<ZodResolver<Schema>> | undefined;
  return async (values, context, options) => {
    resolver ??= Promise.all([load(), import("@hookform/resolvers/zod")]).then(([schema, { zodResolver }]) => zodResolver(schema) as ZodResolver<Schema>);
    return (await resolver)(values, context, options);
  };
}
