import { describe, expect, it } from "vitest";

describe("instrumentation-client", () => {
  it("makes zod parse without compiling code (jitless), through zod's shared global config", async () => {
    await import("./instrumentation-client");
    const { config } = await import("zod/v4/core");
    expect(config().jitless).toBe(true);
  });
});
