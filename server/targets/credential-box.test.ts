import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal } from "./credential-box";

const key = randomBytes(32).toString("base64");

describe("credential box", () => {
  it("opens what it sealed, and the sealed bytes do not contain the secret", () => {
    const secret = JSON.stringify({ secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" });
    const sealed = seal(secret, "target-1", key);
    expect(Buffer.from(sealed).toString("latin1")).not.toContain("wJalrXUtnFEMI");
    expect(open(sealed, "target-1", key)).toBe(secret);
  });

  it("refuses a blob moved to another target, a flipped bit and a wrong key", () => {
    const sealed = seal("s3cret", "target-1", key);
    expect(() => open(sealed, "target-2", key)).toThrow();
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] ^= 1;
    expect(() => open(flipped, "target-1", key)).toThrow();
    expect(() => open(sealed, "target-1", randomBytes(32).toString("base64"))).toThrow();
  });

  it("says what is wrong with a key of the wrong size", () => {
    expect(() => seal("x", "t", randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
