import { describe, expect, it } from "vitest";
import { envRule } from "@/app/_components/deployments/env-rule";
import { keyValueText, parseKeyValueText } from "./key-value-text";

const parseEnvText = (text: string) => parseKeyValueText(text, envRule);

describe("parseKeyValueText with the environment variable rule", () => {
  it("reads NAME=value lines, skipping blanks and comments, keeping = inside values", () => {
    expect(parseEnvText("# settings\nGREETING=hello\n\nURL=https://x.example/?a=b\nEMPTY=")).toEqual({ values: { GREETING: "hello", URL: "https://x.example/?a=b", EMPTY: "" }, problems: [] });
  });

  it("names every bad line with its number and why, and keeps none of them", () => {
    const { values: env, problems } = parseEnvText(["GOOD=1", "MY VAR=x", "NOEQUALS", "GOOD=2", `LONG=${"x".repeat(4097)}`, "1ST=a"].join("\n"));
    expect(env).toEqual({ GOOD: "1" });
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(problems[0].message).toMatch(/^Line 2: “MY VAR” is not a valid name/);
    expect(problems[1].message).toBe("Line 3: no “=” — write NAME=value");
    expect(problems[2].message).toBe("Line 4: GOOD is already set on line 1");
    expect(problems[3].message).toBe("Line 5: the value of LONG is longer than 4096 characters");
    expect(problems[4].message).toMatch(/^Line 6: “1ST” is not a valid name/);
  });

  it("round-trips what keyValueText writes", () => {
    const env = { A: "1", B: "x=y", C: "" };
    expect(parseEnvText(keyValueText(env))).toEqual({ values: env, problems: [] });
  });
});
