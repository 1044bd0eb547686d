// Fetching a manifest or blob and verifying it is what was asked for: the bytes must hash to the digest asked for
// (or, for a tag, to the Docker-Content-Digest the registry announces), the size must be within the limit, and a
// manifest's media type must be one the client knows.
import { digestLike, isDigest } from "./digest";
import { RegistryError } from "./errors";
import { readLimited, refusal } from "./http";
import { MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, INDEX_TYPES, MANIFEST_TYPES } from "./media-types";
import type { RegistrySession } from "./session";

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

const pullScope = (repository: string) => `repository:${repository}:pull`;

function verify(bytes: Buffer, expected: string, what: string): string {
  const actual = digestLike(bytes, expected);
  if (actual !== expected) throw new RegistryError("digest-mismatch", `${what}: the registry sent content with digest ${actual}, not ${expected}`);
  return actual;
}

export async function fetchManifest(session: RegistrySession, repository: string, reference: string): Promise<FetchedManifest> {
  const what = `manifest ${session.registry}/${repository}${isDigest(reference) ? "@" : ":"}${reference}`;
  const response = await session.request(`/v2/${repository}/manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT }, scope: pullScope(repository) });
  if (!response.ok) throw await refusal(response, what);
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  if (!INDEX_TYPES.includes(mediaType) && !MANIFEST_TYPES.includes(mediaType)) {
    await response.body?.cancel();
    throw new RegistryError("media-type", `${what} has media type "${mediaType || "(none)"}", which is not an OCI or Docker schema 2 image manifest or index`);
  }
  const bytes = await readLimited(response, MAX_MANIFEST_BYTES, what);
  const announced = response.headers.get("docker-content-digest");
  const expected = isDigest(reference) ? reference : announced && isDigest(announced) ? announced : digestLike(bytes);
  const digest = verify(bytes, expected, what);
  return { digest, mediaType, bytes };
}

export async function fetchBlob(session: RegistrySession, repository: string, digest: string, maxBytes: number): Promise<Buffer> {
  const what = `blob ${session.registry}/${repository}@${digest}`;
  const response = await session.request(`/v2/${repository}/blobs/${digest}`, { scope: pullScope(repository) });
  if (!response.ok) throw await refusal(response, what);
  const bytes = await readLimited(response, maxBytes, what);
  verify(bytes, digest, what);
  return bytes;
}
