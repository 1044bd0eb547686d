import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayToken, hashToken, isWellFormedToken, newToken, TOKEN_PATTERN } from "./format";

describe("API token format", () => {
  it("is bh_ and 46 base62 characters that end in their own checksum", () => {
    const token = newToken();
    expect(token.text).toMatch(TOKEN_PATTERN);
    expect(isWellFormedToken(token.text)).toBe(true);
    expect(token.lastFour).toBe(token.text.slice(-4));
    expect(displayToken(token.lastFour)).toBe(`bh_…${token.text.slice(-4)}`);
  });

  it("keeps only a SHA-256 of the token, never the token", () => {
    const token = newToken();
    expect(token.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.hash).toBe(hashToken(token.text));
    expect(token.hash).not.toContain(token.text.slice(3, 20));
  });

  it("never repeats itself", () => {
    const texts = new Set(Array.from({ length: 2000 }, () => newToken().text));
    expect(texts.size).toBe(2000);
  });

  it("draws every base62 character (no bias towards a part of the alphabet)", () => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 500; n++) for (const c of newToken().text.slice(3, 43)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 20,000 characters over 62: about 323 each; a modulo bias would push the first eight far above the rest.
    for (const count of counts.values()) expect(count).toBeGreaterThan(220);
  });

  it("refuses a token with one character changed (the checksum catches typos)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 48 }), fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), (at, replacement) => {
        const { text } = newToken();
        const changed = text.slice(0, at) + replacement + text.slice(at + 1);
        return changed === text || !isWellFormedToken(changed);
      }),
      { numRuns: 500 },
    );
  });

  it.each(["", "bh_", "ghp_0123456789abcdef", `bh_${"a".repeat(45)}`, `bh_${"a".repeat(47)}`, `bh_${"-".repeat(46)}`, `BH_${"a".repeat(46)}`])("refuses %j", (text) => {
    expect(isWellFormedToken(text)).toBe(false);
  });
});
