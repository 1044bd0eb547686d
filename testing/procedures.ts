import type { ZodType } from "zod";
import { appRouter } from "@/server/routers";

export interface ProcedureInfo {
  /** "area.name", as the client calls it. */
  path: string;
  type: "query" | "mutation" | "subscription";
  /** The zod schema of its input; null when it takes none. */
  input: ZodType | null;
}

interface ProcedureDef {
  _def: { type: ProcedureInfo["type"]; inputs: unknown[] };
}

/** Every procedure of the app's router, read from the router itself (not from any list kept beside it). */
export function listProcedures(): ProcedureInfo[] {
  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
  return Object.entries(procedures)
    .map(([path, procedure]) => {
      const inputs = procedure._def.inputs;
      if (inputs.length > 1) throw new Error(`${path} chains ${inputs.length} input parsers; teach listProcedures to merge them`);
      return { path, type: procedure._def.type, input: (inputs[0] as ZodType | undefined) ?? null };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
