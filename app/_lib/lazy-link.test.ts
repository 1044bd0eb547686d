import { TRPCClientError, type Operation, type TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable, observableToPromise } from "@trpc/server/observable";
import { describe, expect, it } from "vitest";
import { lazyLink } from "./lazy-link";

const op = (id: number, path: string): Operation => ({ id, type: "query", path, input: undefined, context: {}, signal: null });
const runtime = {};

/** A link that answers each operation with its path, counting how often it was set up. */
function echoLink(): { link: TRPCLink<AnyTRPCRouter>; setUps: () => number } {
  let setUps = 0;
  const link: TRPCLink<AnyTRPCRouter> = () => {
    setUps++;
    return ({ op }) =>
      observable((observer) => {
        observer.next({ result: { type: "data", data: op.path } });
        observer.complete();
      });
  };
  return { link, setUps: () => setUps };
}

describe("lazyLink", () => {
  it("loads the real link once, on the first request, and passes every request made meanwhile to it", async () => {
    const echo = echoLink();
    let loads = 0;
    const operationLink = lazyLink(async () => {
      loads++;
      return echo.link;
    })(runtime);
    expect(loads).toBe(0);
    const next = () => {
      throw new Error("the lazy link is the last link");
    };
    const results = await Promise.all([observableToPromise(operationLink({ op: op(1, "a"), next })), observableToPromise(operationLink({ op: op(2, "b"), next }))]);
    expect(results.map((r) => r.result)).toEqual([
      { type: "data", data: "a" },
      { type: "data", data: "b" },
    ]);
    expect(loads).toBe(1);
    expect(echo.setUps()).toBe(1);
  });

  it("fails the request with a tRPC client error when the link cannot be loaded", async () => {
    const operationLink = lazyLink(() => Promise.reject(new Error("chunk failed to load")))(runtime);
    const failure = observableToPromise(operationLink({ op: op(1, "a"), next: () => observable(() => undefined) })).catch((error: unknown) => error);
    const error = await failure;
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as Error).message).toBe("chunk failed to load");
  });
});
