import { describe, expect, it } from "vitest";
import { plaintextFindings } from "./plaintext-findings";

describe("plaintextFindings", () => {
  it("finds values under secret-looking keys, {name, value} pairs and credential-like strings, saying where", () => {
    const after = {
      spec: { env: { GREETING: "hello", DB_PASSWORD: "hunter2-XYZ" } },
      environment: [{ name: "API_TOKEN", value: "t0k3n" }, { name: "MODE", value: "prod" }],
      note: "rotated key AKIAIOSFODNN7EXAMPLE",
      secrets: [{ name: "DB_PASSWORD", version: 2, fingerprint: "0123456789abcdef" }],
    };
    expect(plaintextFindings(after)).toEqual([
      { path: "$.spec.env.DB_PASSWORD", why: "a value under the secret-looking name DB_PASSWORD" },
      { path: "$.environment[0].value", why: "the value of a variable named API_TOKEN" },
      { path: "$.note", why: "looks like an AWS access key id" },
    ]);
  });

  it("never returns the value it found", () => {
    expect(JSON.stringify(plaintextFindings({ env: { SECRET_KEY: "hunter2-XYZ" }, key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }))).not.toMatch(/hunter2|wJalr/);
  });

  it("finds nothing in references, fingerprints and ordinary settings", () => {
    expect(plaintextFindings({ secrets: [{ name: "DB_PASSWORD", version: 1, fingerprint: "0123456789abcdef" }], spec: { image: `r/a@sha256:${"a".repeat(64)}`, env: { LOG_LEVEL: "info" } }, hash: "f".repeat(64) })).toEqual([]);
  });
});
