import { createHmac, hkdfSync } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import type { ProviderCredentials } from "@/providers/types";
import { credentialsKey } from "./credentials-key";
import { credentialSummary } from "./views";

// What may be shown and audited of a target's credentials: who they identify (non-secret ids, masked where
// they are keys) and a fingerprint that tells one set of credentials from another without revealing anything.

export type CredentialSummary = z.infer<typeof credentialSummary>;

/** The Target column holding the summary: `{}` (its default, read as null) until credentials are set. */
export const storedCredentialSummary = z.union([credentialSummary, z.strictObject({}).transform(() => null)]);

const mask = (key: string) => (key.length > 8 ? `${key.slice(0, 4)}…${key.slice(-4)}` : "…");

function fingerprintKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(credentialsKey(), "base64"), Buffer.alloc(0), "bulkhead credential fingerprint", 32));
}

/** Equal credentials give equal fingerprints; a different credentials key gives different ones. */
export function credentialFingerprint(credentials: ProviderCredentials): string {
  return createHmac("sha256", fingerprintKey()).update(canonicalize(credentials) ?? "").digest("hex").slice(0, 16);
}

function identity(credentials: ProviderCredentials): string {
  if ("accessToken" in credentials) return "a static access token";
  switch (credentials.kind) {
    case "aws-ecs": {
      const role = credentials.assumeRole;
      return `access key ${mask(credentials.accessKeyId)}${role ? ` assuming ${role.roleArn}${role.externalId ? " (external id set)" : ""}` : ""}`;
    }
    case "azure-aci":
      return `service principal ${credentials.clientId} of tenant ${credentials.tenantId} (${credentials.clientCertificate ? "certificate" : "client secret"})`;
    case "gcp-cloud-run": {
      const key = JSON.parse(credentials.serviceAccountKey) as { client_email?: string; private_key_id?: string };
      return `service account ${key.client_email ?? "?"}${key.private_key_id ? ` (key ${key.private_key_id.slice(0, 8)}…)` : ""}`;
    }
  }
}

export function summarizeCredentials(credentials: ProviderCredentials): CredentialSummary {
  return { kind: credentials.kind, identity: identity(credentials), fingerprint: credentialFingerprint(credentials) };
}
