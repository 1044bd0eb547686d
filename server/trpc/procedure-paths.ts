import type { AnyTRPCProcedure } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

/** "area.name" of every procedure, from the router's type: a name that is no procedure does not compile. */
type PathsOf<Record, Prefix extends string = ""> = {
  [Key in keyof Record & string]: Record[Key] extends AnyTRPCProcedure ? `${Prefix}${Key}` : PathsOf<Record[Key], `${Prefix}${Key}.`>;
}[keyof Record & string];
export type ProcedurePath = PathsOf<AppRouter["_def"]["record"]>;
