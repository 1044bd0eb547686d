import { describe, expect, it } from "vitest";
import { isOutputView } from "@/server/trpc/output-view";
import { proceduresOf } from "@/server/trpc/router-procedures";
import { appRouter } from "./index";

describe("the API's output schemas", () => {
  it("are all validated synchronously (outputView), so no procedure pays zod's slow asynchronous path", () => {
    const declared = proceduresOf(appRouter).filter((procedure) => procedure.output !== undefined);
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((procedure) => !isOutputView(procedure.output)).map((procedure) => procedure.path)).toEqual([]);
  });
});
