import { initTRPC } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { outputView } from "./output-view";

const view = outputView(z.array(z.object({ id: z.string(), updatedAt: z.date() })));
const t = initTRPC.create();
const caller = t.createCallerFactory(
  t.router({
    rows: t.procedure.input(z.unknown()).output(view).query(({ input }) => input as z.infer<typeof view>),
  }),
)({});

describe("outputView", () => {
  it("still keeps an answer to the view's declared fields", async () => {
    const at = new Date("2026-12-02T00:00:00Z");
    await expect(caller.rows([{ id: "a", updatedAt: at, secret: "never sent" }])).resolves.toEqual([{ id: "a", updatedAt: at }]);
  });

  it("still refuses output that does not fit the view, as tRPC's output validation failure", async () => {
    await expect(caller.rows([{ id: 1, updatedAt: "yesterday" }])).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: "Output validation failed", cause: expect.any(z.ZodError) });
  });

  it("is validated by tRPC through zod's synchronous parse", async () => {
    const parse = vi.spyOn(view, "parse");
    await caller.rows([{ id: "b", updatedAt: new Date(0) }]);
    expect(parse).toHaveBeenCalledOnce();
  });
});
