import { keyFromBase64, openBytes, sealBytes } from "@/server/crypto/aead";

// Target credentials at rest: sealed with the credentials key, the target id as associated data so a sealed blob
// copied onto another target does not open.

export function seal(plaintext: string, associated: string, base64Key: string): Uint8Array<ArrayBuffer> {
  return sealBytes(keyFromBase64(base64Key, "BULKHEAD_CREDENTIALS_KEY"), Buffer.from(plaintext, "utf8"), associated);
}

export function open(sealed: Uint8Array, associated: string, base64Key: string): string {
  return openBytes(keyFromBase64(base64Key, "BULKHEAD_CREDENTIALS_KEY"), sealed, associated).toString("utf8");
}
