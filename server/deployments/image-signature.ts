import type { RegistryClient, ResolvedImage } from "@/oci/client/client";
import { RegistryError } from "@/oci/client/errors";
import type { FoundSignature } from "@/oci/signatures/find";
import { verifySignatures } from "@/oci/signatures/verify";
import { trustedSigningKeys } from "@/server/signing-keys/service";
import type { ResolvedImageRecord } from "./resolved-image";

// Whether a trusted key signed the image being deployed, found while it is resolved (before the transaction: it is
// network and crypto work). cosign signs the digest a tag names, the index's for a multi-platform image; a signature
// of the platform's own manifest counts too. Policy decides what an unsigned image gets (evaluate.ts); this only says
// what is there, naming the keys tried, so a refusal can.

export async function checkSignature(client: RegistryClient, image: ResolvedImage, teamId: string): Promise<NonNullable<ResolvedImageRecord["signature"]>> {
  const keys = await trustedSigningKeys(teamId);
  const tried = keys.map((key) => `${key.name} (${key.scope})`);
  const repository = `${image.reference.registry}/${image.reference.repository}`;
  const found: FoundSignature[] = [];
  const unreadable: string[] = [];
  for (const digest of new Set([image.digest, image.manifest.digest])) {
    try {
      const search = await client.signatures(`${repository}@${digest}`);
      unreadable.push(...search.unreadable);
      found.push(...search.found);
      const verified = verifySignatures(search.found, digest, keys);
      if (verified) {
        const key = keys.find((candidate) => candidate.id === verified.keyId)!;
        const signer = { id: key.id, name: key.name, scope: key.scope, fingerprint: key.fingerprint, layout: verified.layout, digest };
        return { signer, tried, found: found.length, unreadable, problem: null };
      }
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return { signer: null, tried, found: found.length, unreadable, problem: error.message };
    }
  }
  return { signer: null, tried, found: found.length, unreadable, problem: null };
}
