import { ZodType } from "zod";
import { appRouter } from "@/server/routers";
import { proceduresOf } from "@/server/trpc/router-procedures";

export interface ProcedureInfo {
  /** "area.name", as the client calls it. */
  path: string;
  type: "query" | "mutation" | "subscription";
  /** The zod schema of its input; null when it takes none. */
  input: ZodType | null;
}

/** Every procedure of the app's router, read from the router itself (not from any list kept beside it). */
export function listProcedures(): ProcedureInfo[] {
  return proceduresOf(appRouter)
    .map(({ path, type, inputs }) => {
      if (inputs.length > 1) throw new Error(`${path} chains ${inputs.length} input parsers; teach listProcedures to merge them`);
      const input = inputs[0];
      if (input !== undefined && !(input instanceof ZodType)) throw new Error(`${path} takes input through a parser that is not a zod schema`);
      return { path, type, input: input ?? null };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
