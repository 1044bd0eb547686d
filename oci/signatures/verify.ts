// Whether a trusted key made one of an image's signatures, verified offline with @sigstore/verify: key-based
// signatures (cosign with a key pair) carry no certificate and need no transparency log or timestamp authority, so the
// trust material is the keys alone and every threshold is zero (Sigstore's policy-controller does the same for a key
// authority without a transparency log). A signature counts only if it verifies and what it signs names the digest.
import type { KeyObject } from "node:crypto";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import type { FoundSignature } from "./find";
import type { SignatureLayout } from "./formats";

export interface TrustedKey {
  id: string;
  publicKey: KeyObject;
}

export interface VerifiedSignature {
  keyId: string;
  layout: SignatureLayout;
  source: string;
}

/** No certificate authorities, logs or timestamp authorities: only the keys are trusted. */
const KEYS_ONLY: Parameters<typeof toTrustMaterial>[0] = { mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1", tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };

function verifiedBy(signature: FoundSignature, key: TrustedKey): boolean {
  // The key is offered whatever hint the bundle carries: cosign leaves it empty, and a hint is not a proof.
  const trust = toTrustMaterial(KEYS_ONLY, () => ({ publicKey: key.publicKey, validFor: () => true }));
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(signature.bundle, signature.artifact));
    return true;
  } catch {
    return false;
  }
}

/** The first signature of `digest` a trusted key made, or null. */
export function verifySignatures(found: FoundSignature[], digest: string, keys: TrustedKey[]): VerifiedSignature | null {
  for (const signature of found) {
    if (!signature.names.includes(digest)) continue;
    const key = keys.find((candidate) => verifiedBy(signature, candidate));
    if (key) return { keyId: key.id, layout: signature.layout, source: signature.source };
  }
  return null;
}
