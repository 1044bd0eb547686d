import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fingerprintOf, openValue, rewrapped, sealValue } from "./envelope";
import { currentKey } from "./installation-key";

const VALUE = "hunter2-XYZ-planted";
const saved = { key: process.env.BULKHEAD_SECRETS_KEY, retired: process.env.BULKHEAD_SECRETS_RETIRED_KEYS };
const newKey = () => randomBytes(32).toString("base64");

beforeEach(() => {
  process.env.BULKHEAD_SECRETS_KEY = newKey();
  delete process.env.BULKHEAD_SECRETS_RETIRED_KEYS;
});
afterEach(() => {
  for (const [name, value] of [["BULKHEAD_SECRETS_KEY", saved.key], ["BULKHEAD_SECRETS_RETIRED_KEYS", saved.retired]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("envelope", () => {
  it("opens what it sealed; neither blob holds the value or the data key in the clear", () => {
    const sealed = sealValue(VALUE, "secret-1:1");
    expect(openValue(sealed, "secret-1:1")).toBe(VALUE);
    for (const blob of [sealed.ciphertext, sealed.wrappedKey]) expect(Buffer.from(blob).toString("latin1")).not.toContain(VALUE);
    expect(sealed.keyId).toBe(currentKey().id);
  });

  it("refuses a version moved to another secret or version, and a flipped bit", () => {
    const sealed = sealValue(VALUE, "secret-1:1");
    expect(() => openValue(sealed, "secret-1:2")).toThrow();
    expect(() => openValue(sealed, "secret-2:1")).toThrow();
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[flipped.length - 1] ^= 1;
    expect(() => openValue({ ...sealed, ciphertext: new Uint8Array(flipped) }, "secret-1:1")).toThrow();
  });

  it("rotates: a retired key still opens until the data key is re-wrapped under the new one", () => {
    const oldKey = process.env.BULKHEAD_SECRETS_KEY!;
    const sealed = sealValue(VALUE, "s:1");
    process.env.BULKHEAD_SECRETS_KEY = newKey();
    expect(() => openValue(sealed, "s:1")).toThrow(/neither BULKHEAD_SECRETS_KEY nor in BULKHEAD_SECRETS_RETIRED_KEYS/);
    process.env.BULKHEAD_SECRETS_RETIRED_KEYS = oldKey;
    expect(openValue(sealed, "s:1")).toBe(VALUE);
    const moved = rewrapped(sealed, "s:1")!;
    expect(moved.keyId).toBe(currentKey().id);
    expect(moved.keyId).not.toBe(sealed.keyId);
    delete process.env.BULKHEAD_SECRETS_RETIRED_KEYS;
    expect(openValue({ ...sealed, ...moved }, "s:1")).toBe(VALUE);
    expect(rewrapped({ ...sealed, ...moved }, "s:1")).toBeNull();
  });

  it("fingerprints tell values apart, repeat for the same value, and are not the value's plain hash", () => {
    expect(fingerprintOf(VALUE)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(VALUE)).toBe(fingerprintOf(VALUE));
    expect(fingerprintOf(VALUE)).not.toBe(fingerprintOf(`${VALUE}!`));
    const before = fingerprintOf(VALUE);
    process.env.BULKHEAD_SECRETS_KEY = newKey();
    expect(fingerprintOf(VALUE)).not.toBe(before);
  });

  it("says which variable is wrong when a key is not 32 bytes", () => {
    process.env.BULKHEAD_SECRETS_KEY = randomBytes(16).toString("base64");
    expect(() => sealValue(VALUE, "s:1")).toThrow("BULKHEAD_SECRETS_KEY must be 32 bytes, base64-encoded");
  });
});
