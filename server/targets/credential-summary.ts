import { createHmac, hkdfSync } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { credentialIdentity, type ProviderCredentials } from "@/providers/registry";
import { credentialsKey } from "./credentials-key";
import { credentialSummary } from "./views";

// What may be shown and audited of a target's credentials: who they identify (non-secret ids, masked where they are
// keys; each provider says how, in its target-description.ts) and a fingerprint that tells one set of credentials from
// another without revealing anything.

export type CredentialSummary = z.infer<typeof credentialSummary>;

/** The Target column holding the summary: `{}` (its default, read as null) until credentials are set. */
export const storedCredentialSummary = z.union([credentialSummary, z.strictObject({}).transform(() => null)]);

function fingerprintKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(credentialsKey(), "base64"), Buffer.alloc(0), "bulkhead credential fingerprint", 32));
}

/** Equal credentials give equal fingerprints; a different credentials key gives different ones. */
export function credentialFingerprint(credentials: ProviderCredentials): string {
  return createHmac("sha256", fingerprintKey()).update(canonicalize(credentials) ?? "").digest("hex").slice(0, 16);
}

export function summarizeCredentials(credentials: ProviderCredentials): CredentialSummary {
  return { kind: credentials.kind, identity: credentialIdentity(credentials), fingerprint: credentialFingerprint(credentials) };
}
