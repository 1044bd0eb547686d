// Content digests (OCI image spec, "Digests"): sha256 and sha512, the registered algorithms.
import { createHash } from "node:crypto";

const ENCODED: Record<string, RegExp> = { sha256: /^[a-f0-9]{64}$/, sha512: /^[a-f0-9]{128}$/ };

export function isDigest(text: string): boolean {
  const colon = text.indexOf(":");
  return colon > 0 && ENCODED[text.slice(0, colon)]?.test(text.slice(colon + 1)) === true;
}

/** The digest of `bytes` in the algorithm of `expected` (sha256 if it names none). */
export function digestLike(bytes: Uint8Array, expected = "sha256:"): string {
  const algorithm = expected.startsWith("sha512:") ? "sha512" : "sha256";
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}
