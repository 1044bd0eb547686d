// The manifests that refer to a digest (signatures, attestations): the referrers API (distribution-spec v1.1, end-12,
// "Listing Referrers"), or, where a registry answers it 404, the referrers tag schema ("Referrers Tag Schema": an
// index tagged `<alg>-<hex>` that pushers keep up to date).
import { isDigest } from "./digest";
import { RegistryError } from "./errors";
import { fetchManifest } from "./fetch-content";
import { readLimited, refusal } from "./http";
import { MAX_MANIFEST_BYTES, OCI_INDEX } from "./media-types";
import { parseJson } from "./parse";
import { type Descriptor, indexSchema } from "./schemas";
import type { RegistrySession } from "./session";

export interface Referrers {
  referrers: Descriptor[];
  /** Which way they were found. */
  via: "referrers-api" | "tag-schema";
}

export const fallbackTag = (digest: string) => digest.replace(":", "-");

export async function listReferrers(session: RegistrySession, repository: string, digest: string, artifactType?: string): Promise<Referrers> {
  if (!isDigest(digest)) throw new RegistryError("reference", `"${digest}" is not a digest: referrers are listed for a digest`);
  const what = `referrers of ${session.registry}/${repository}@${digest}`;
  const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : "";
  const response = await session.request(`/v2/${repository}/referrers/${digest}${query}`, { headers: { Accept: OCI_INDEX }, scope: `repository:${repository}:pull` });
  const keep = (entries: Descriptor[]) => entries.filter((entry) => !artifactType || entry.artifactType === artifactType);
  if (response.ok) {
    const index = parseJson(await readLimited(response, MAX_MANIFEST_BYTES, what), indexSchema, what);
    // A registry that did not apply the filter says so by leaving out OCI-Filters-Applied: the client filters then.
    return { referrers: keep(index.manifests), via: "referrers-api" };
  }
  if (response.status !== 404) throw await refusal(response, what);
  await response.body?.cancel();
  const fallback = await fetchManifest(session, repository, fallbackTag(digest)).catch((error: unknown) => {
    if (error instanceof RegistryError && error.code === "MANIFEST_UNKNOWN") return undefined;
    throw error;
  });
  if (!fallback) return { referrers: [], via: "tag-schema" };
  return { referrers: keep(parseJson(fallback.bytes, indexSchema, `${what} (tag ${fallbackTag(digest)})`).manifests), via: "tag-schema" };
}
