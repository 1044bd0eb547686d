import type { AnyTRPCProcedure, AnyTRPCRouter, TRPCProcedureType } from "@trpc/server";

/** The meta type a router's procedures carry (initTRPC.meta<M>()). */
type MetaOf<TRouter extends AnyTRPCRouter> = TRouter["_def"]["_config"]["$types"]["meta"];

// Reading a router's procedures by path, and calling one of a caller by path, without casting: for the code that
// dispatches on the paths the router itself lists (the REST routes, the tests that call every procedure).

export interface RouterProcedure<TMeta> {
  /** "area.name", as the client calls it. */
  path: string;
  type: TRPCProcedureType;
  meta: TMeta | undefined;
  /** The input parsers, in the order they were chained. */
  inputs: readonly unknown[];
  /** The output schema, where one is declared. */
  output: unknown;
}

const isObject = (value: unknown): value is object => (typeof value === "object" || typeof value === "function") && value !== null;

/** Whether a value of a router's record is a procedure (not a nested router): tRPC marks its definition so. */
export function isProcedure(value: unknown): value is AnyTRPCProcedure {
  return typeof value === "function" && "_def" in value && isObject(value._def) && "procedure" in value._def && value._def.procedure === true;
}

/** Every procedure of the router (flat, by path), read from the router itself; meta is the router's meta type. */
export function proceduresOf<TRouter extends AnyTRPCRouter>(router: TRouter): RouterProcedure<MetaOf<TRouter>>[] {
  return Object.entries(router._def.procedures).flatMap(([path, value]) => {
    if (!isProcedure(value)) return [];
    const meta: MetaOf<TRouter> | undefined = value._def.meta ?? undefined;
    return [{ path, type: value._def.type, meta, inputs: value._def.inputs, output: "output" in value._def ? value._def.output : undefined }];
  });
}

type Call = (input?: unknown) => Promise<unknown>;
const isCall = (value: unknown): value is Call => typeof value === "function";

/** The procedure at `path` ("area.name") of a caller made by createCaller; throws when the path names none. */
export function procedureOf(caller: object, path: string): Call {
  let node: unknown = caller;
  for (const key of path.split(".")) node = isObject(node) ? Reflect.get(node, key) : undefined;
  if (!isCall(node)) throw new Error(`The caller has no procedure ${path}`);
  return node;
}
