import "server-only";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { createCaller } from "@/server/routers";
import { createContext } from "@/server/trpc/context";

/**
 * tRPC caller for server components: the same procedures, authorization and audit as the HTTP API. One per
 * request (React's cache), so the layout and the page share one session lookup and one request id.
 */
export const serverCaller = cache(async () => createCaller(await createContext({ headers: await headers() })));

/** Runs a read for a page, turning "not signed in" into the sign-in page and "not found" into a 404. */
export async function load<T>(read: (caller: Awaited<ReturnType<typeof serverCaller>>) => Promise<T>): Promise<T> {
  try {
    return await read(await serverCaller());
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect("/sign-in");
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    throw error;
  }
}
