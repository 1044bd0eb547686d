import { describe, expect, it } from "vitest";
import { appName, createAppInput } from "./schemas";

describe("app name", () => {
  it.each([
    ["payments-api", true],
    ["a", true],
    ["a1", true],
    ["", false],
    ["Payments", false],
    ["-api", false],
    ["api-", false],
    ["1api", false],
    ["pay_api", false],
    ["a".repeat(40), true],
    ["a".repeat(41), false],
    ["a".repeat(300), false],
  ])("%j valid=%s", (name, valid) => {
    expect(appName.safeParse(name).success).toBe(valid);
  });

  it("says which rule an empty or long name breaks", () => {
    expect(appName.safeParse("").error?.issues[0].message).toBe("Name is required");
    expect(appName.safeParse("a".repeat(300)).error?.issues[0].message).toBe("Name must be at most 40 characters");
  });
});

describe("create app input", () => {
  const valid = { teamId: "6f1c7a53-3a43-4b0e-9b3c-0f4f7f0b4d11", name: "web", description: "", classification: "internal", baseImageId: "0b8e7f2c-5d1a-4c3e-8f6b-2a9d4e7c1b30" };

  it("accepts a complete app", () => {
    expect(createAppInput.parse(valid)).toEqual(valid);
  });

  it("names the field that is wrong", () => {
    const result = createAppInput.safeParse({ ...valid, classification: "secret" });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["classification"]);
  });
});
