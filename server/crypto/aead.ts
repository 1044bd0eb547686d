import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM (node:crypto) with a random 96-bit nonce per seal and associated data that binds a blob to what it
// belongs to, so a blob copied onto another row does not open. Layout: version byte (1) | nonce (12) | tag (16) |
// ciphertext. Target credentials and app secrets' values and data keys are sealed this way.
const VERSION = 1;

export function sealBytes(key: Buffer, plaintext: Buffer, associated: string): Uint8Array<ArrayBuffer> {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(associated));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  // A fresh ArrayBuffer-backed copy: what Prisma's Bytes columns take.
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]));
}

export function openBytes(key: Buffer, sealed: Uint8Array, associated: string): Buffer {
  const blob = Buffer.from(sealed);
  if (blob[0] !== VERSION) throw new Error("Unknown sealed format");
  const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(1, 13));
  decipher.setAAD(Buffer.from(associated));
  decipher.setAuthTag(blob.subarray(13, 29));
  return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]);
}

/** A 32-byte key from the base64 text of the environment variable `name`, or an error naming it. */
export function keyFromBase64(base64: string, name: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}
