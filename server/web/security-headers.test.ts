import { describe, expect, it } from "vitest";
import { newNonce, pagePolicy } from "./security-headers";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => d.split(" ")).map(([name, ...values]) => [name, values]));

describe("Content-Security-Policy", () => {
  it("gives each request its own unguessable nonce", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("lets pages run only their own files and nonce'd scripts, and never eval in production", () => {
    const page = directives(pagePolicy("abc123"));
    expect(page["script-src"]).toEqual(["'self'", "'nonce-abc123'"]);
    expect(page["default-src"]).toEqual(["'self'"]);
    expect(page["object-src"]).toEqual(["'none'"]);
    expect(page["base-uri"]).toEqual(["'none'"]);
    expect(page["frame-ancestors"]).toEqual(["'none'"]);
    expect(page["form-action"]).toEqual(["'self'"]);
    expect(page["upgrade-insecure-requests"]).toBeUndefined();
    expect(directives(pagePolicy("n", { dev: true }))["script-src"]).toContain("'unsafe-eval'");
    expect(directives(pagePolicy("n", { https: true }))["upgrade-insecure-requests"]).toEqual([]);
  });
});
