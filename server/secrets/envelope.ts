import { createHmac, randomBytes } from "node:crypto";
import { openBytes, sealBytes } from "@/server/crypto/aead";
import { currentKey, keyById, type InstallationKey } from "./installation-key";

// Envelope encryption of one secret version: the value is sealed under a fresh data key, the data key under the
// installation key. Both are bound to the version they belong to (`binding`, e.g. "<secret id>:<version>").

export interface Sealed {
  ciphertext: Uint8Array<ArrayBuffer>;
  wrappedKey: Uint8Array<ArrayBuffer>;
  keyId: string;
}

const wrapBinding = (binding: string) => `data-key:${binding}`;

function wrap(dataKey: Buffer, binding: string, key: InstallationKey) {
  return { wrappedKey: sealBytes(key.key, dataKey, wrapBinding(binding)), keyId: key.id };
}

export function sealValue(value: string, binding: string): Sealed {
  const dataKey = randomBytes(32);
  return { ciphertext: sealBytes(dataKey, Buffer.from(value, "utf8"), binding), ...wrap(dataKey, binding, currentKey()) };
}

function unwrap(sealed: Pick<Sealed, "wrappedKey" | "keyId">, binding: string): Buffer {
  return openBytes(keyById(sealed.keyId).key, sealed.wrappedKey, wrapBinding(binding));
}

export function openValue(sealed: Sealed, binding: string): string {
  return openBytes(unwrap(sealed, binding), sealed.ciphertext, binding).toString("utf8");
}

/** The data key wrapped anew under the current installation key; null when it already is. */
export function rewrapped(sealed: Pick<Sealed, "wrappedKey" | "keyId">, binding: string): Pick<Sealed, "wrappedKey" | "keyId"> | null {
  const key = currentKey();
  return sealed.keyId === key.id ? null : wrap(unwrap(sealed, binding), binding, key);
}

/**
 * HMAC-SHA-256 of the value under a key derived from the current installation key, 16 hex digits: enough to tell
 * versions apart, useless for guessing a value without the key.
 */
export function fingerprintOf(value: string): string {
  const fingerprintKey = createHmac("sha256", currentKey().key).update("bulkhead secret fingerprint").digest();
  return createHmac("sha256", fingerprintKey).update(value, "utf8").digest("hex").slice(0, 16);
}
