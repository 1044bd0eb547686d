import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldValues, Resolver } from "react-hook-form";
import type * as z from "zod/v4/core";

/**
 * react-hook-form's zod resolver for a schema imported on first validation: the forms validate with the
 * API's own schemas, but zod (27 kB gzip) then loads when a form is first checked, not with the page.
 * The resolver itself imports no zod code (only its types).
 */
export function lazyZodResolver<Schema extends z.$ZodType<FieldValues, FieldValues>>(
  load: () => Promise<Schema>,
): Resolver<z.input<Schema>, unknown, z.output<Schema>> {
  let resolver: Promise<Resolver<z.input<Schema>, unknown, z.output<Schema>>> | undefined;
  return async (values, context, options) => {
    resolver ??= load().then((schema) => zodResolver(schema) as Resolver<z.input<Schema>, unknown, z.output<Schema>>);
    return (await resolver)(values, context, options);
  };
}
