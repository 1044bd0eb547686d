// Digests as the OCI image spec defines them (https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests):
// `algorithm:encoded`; the registry verifies sha256 and sha512, the two registered algorithms.
import { createHash } from "node:crypto";

const REGISTERED: Record<string, RegExp> = { sha256: /^[a-f0-9]{64}$/, sha512: /^[a-f0-9]{128}$/ };

export function isDigest(text: string): boolean {
  const [algorithm, encoded, ...rest] = text.split(":");
  return rest.length === 0 && encoded !== undefined && REGISTERED[algorithm]?.test(encoded) === true;
}

/** The digest of `bytes` in the algorithm `like` names (sha256 when it names none). */
export function digestOf(bytes: Buffer, like = "sha256:"): string {
  const algorithm = like.startsWith("sha512:") ? "sha512" : "sha256";
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}
