// The signatures attached to an image digest, in either of cosign's layouts (./formats.ts), read but not yet trusted:
// ./verify.ts decides whether a trusted key made any of them. What a signature claims to sign is read here too; it
// counts only once verification shows the signed bytes are these.
import { createHash } from "node:crypto";
import { type Bundle, bundleFromJSON, toMessageSignatureBundle } from "@sigstore/bundle";
import { RegistryError } from "@/oci/client/errors";
import { fetchBlob, fetchManifest } from "@/oci/client/fetch-content";
import { MAX_MANIFEST_BYTES } from "@/oci/client/media-types";
import { parseJson } from "@/oci/client/parse";
import { listReferrers } from "@/oci/client/referrers";
import { manifestSchema } from "@/oci/client/schemas";
import type { RegistrySession } from "@/oci/client/session";
import { COSIGN_SIGNATURE_ANNOTATION, cosignSignatureTag, IN_TOTO_STATEMENT, SIGSTORE_BUNDLE, type SignatureLayout, SIMPLE_SIGNING } from "./formats";

export interface FoundSignature {
  layout: SignatureLayout;
  /** The manifest it came in (the referrer's, or the `.sig` tag's). */
  source: string;
  bundle: Bundle;
  /** The signed bytes, for a signature over a message (the tag layout's payload); a DSSE envelope carries its own. */
  artifact?: Buffer;
  /** The image digests the signed content names. */
  names: string[];
}

/** What the signatures were looked for under, and what was there but could not be read as one. */
export interface SignatureSearch {
  found: FoundSignature[];
  unreadable: string[];
}

/** Beyond this many candidates, the rest are not read: an image has a handful of signatures, not hundreds. */
const MAX_SIGNATURES = 16;

const parseJsonText = (bytes: Buffer): unknown => JSON.parse(bytes.toString("utf8"));

function statementNames(bundle: Bundle): string[] {
  if (bundle.content.$case !== "dsseEnvelope") return [];
  const statement = parseJsonText(bundle.content.dsseEnvelope.payload) as { _type?: unknown; subject?: Array<{ digest?: Record<string, unknown> }> };
  if (statement._type !== IN_TOTO_STATEMENT || !Array.isArray(statement.subject)) return [];
  return statement.subject.flatMap((subject) => (typeof subject.digest?.sha256 === "string" ? [`sha256:${subject.digest.sha256}`] : []));
}

async function bundlesReferring(session: RegistrySession, repository: string, digest: string, search: SignatureSearch): Promise<void> {
  const { referrers } = await listReferrers(session, repository, digest, SIGSTORE_BUNDLE);
  for (const referrer of referrers.slice(0, MAX_SIGNATURES)) {
    try {
      const manifest = parseJson((await fetchManifest(session, repository, referrer.digest)).bytes, manifestSchema, `signature ${referrer.digest}`);
      const layer = manifest.layers.find((entry) => entry.mediaType === SIGSTORE_BUNDLE);
      if (!layer) throw new Error("it has no layer holding a Sigstore bundle");
      const bundle = bundleFromJSON(parseJsonText(await fetchBlob(session, repository, layer.digest, MAX_MANIFEST_BYTES)));
      search.found.push({ layout: "sigstore-bundle", source: referrer.digest, bundle, names: statementNames(bundle) });
    } catch (error) {
      if (error instanceof RegistryError && error.kind !== "malformed") throw error;
      search.unreadable.push(`${referrer.digest}: ${(error as Error).message}`);
    }
  }
}

async function cosignTagSignatures(session: RegistrySession, repository: string, digest: string, search: SignatureSearch): Promise<void> {
  const tag = cosignSignatureTag(digest);
  const fetched = await fetchManifest(session, repository, tag).catch((error: unknown) => {
    if (error instanceof RegistryError && error.code === "MANIFEST_UNKNOWN") return undefined;
    throw error;
  });
  if (!fetched) return;
  const manifest = parseJson(fetched.bytes, manifestSchema, `signatures ${repository}:${tag}`);
  for (const layer of manifest.layers.filter((entry) => entry.mediaType === SIMPLE_SIGNING).slice(0, MAX_SIGNATURES)) {
    const signature = layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION];
    try {
      if (!signature) throw new Error(`it has no ${COSIGN_SIGNATURE_ANNOTATION} annotation`);
      const payload = await fetchBlob(session, repository, layer.digest, MAX_MANIFEST_BYTES);
      const claims = parseJsonText(payload) as { critical?: { image?: { "docker-manifest-digest"?: unknown } } };
      const named = claims.critical?.image?.["docker-manifest-digest"];
      const bundle = toMessageSignatureBundle({ digest: createHash("sha256").update(payload).digest(), signature: Buffer.from(signature, "base64") });
      search.found.push({ layout: "cosign-tag", source: `${fetched.digest} (tag ${tag})`, bundle, artifact: payload, names: typeof named === "string" ? [named] : [] });
    } catch (error) {
      if (error instanceof RegistryError && error.kind !== "malformed") throw error;
      search.unreadable.push(`${tag} layer ${layer.digest}: ${(error as Error).message}`);
    }
  }
}

/** Every signature of `digest` in `repository`, by both layouts. A registry refusing to answer is a RegistryError. */
export async function findSignatures(session: RegistrySession, repository: string, digest: string): Promise<SignatureSearch> {
  const search: SignatureSearch = { found: [], unreadable: [] };
  await bundlesReferring(session, repository, digest, search);
  await cosignTagSignatures(session, repository, digest, search);
  return search;
}
