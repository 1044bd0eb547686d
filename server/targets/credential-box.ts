import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Target credentials at rest: AES-256-GCM (node:crypto), random 96-bit nonce per seal, the target id
// as associated data so a sealed blob copied onto another target does not open.
// Layout: version byte (1) | nonce (12) | tag (16) | ciphertext.
const VERSION = 1;

function keyFrom(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error("BULKHEAD_CREDENTIALS_KEY must be 32 bytes, base64-encoded");
  return key;
}

export function seal(plaintext: string, associated: string, base64Key: string): Uint8Array<ArrayBuffer> {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(base64Key), nonce);
  cipher.setAAD(Buffer.from(associated));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  // A fresh ArrayBuffer-backed copy: what Prisma's Bytes columns take.
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]));
}

export function open(sealed: Uint8Array, associated: string, base64Key: string): string {
  const blob = Buffer.from(sealed);
  if (blob[0] !== VERSION) throw new Error("Unknown credential format");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(base64Key), blob.subarray(1, 13));
  decipher.setAAD(Buffer.from(associated));
  decipher.setAuthTag(blob.subarray(13, 29));
  return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString("utf8");
}
