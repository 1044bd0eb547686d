import { describe, expect, it } from "vitest";
import { unstorableText } from "./storable-text";

describe("unstorableText", () => {
  it("accepts ordinary text of any script, emoji included", () => {
    expect(unstorableText({ name: "payments-api", notes: ["Ünïcødé", "💥 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "日本語"], env: { A_B: "x=y" } })).toEqual([]);
  });

  it("names each field holding a NUL character or an unpaired surrogate, at any depth", () => {
    const problems = unstorableText({ description: "a\u0000b", placement: { internal: [{ label: "zone", anyOf: ["ok", "\ud800"] }] } });
    expect(problems.map((p) => p.path.join(".")).sort()).toEqual(["description", "placement.internal.0.anyOf.1"]);
    expect(problems.find((p) => p.path[0] === "description")?.message).toMatch(/NUL/);
  });

  it("looks at object keys too (env names, label keys)", () => {
    expect(unstorableText({ env: { "BAD\u0000": "x" } })).toEqual([{ path: ["env", "BAD\u0000"], message: "key must not contain the NUL character (U+0000)" }]);
  });

  it("walks input nested far deeper than a recursive walk could", () => {
    let deep: unknown = "\u0000";
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(unstorableText(deep)).toHaveLength(1);
  });
});
