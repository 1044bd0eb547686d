// Pushing built images to a registry over HTTP with the registry client's authenticated session (distribution-spec
// v1.1, "Push"): each blob the repository lacks is uploaded (POST, then PUT ?digest=), an index's manifests before the
// index, and the manifest last, by tag or by digest. A manifest with a subject pushed to a registry that does not
// answer `OCI-Subject` is also added to the referrers tag schema index (`<alg>-<hex>`), as the spec asks of clients.
import { RegistryError } from "@/oci/client/errors";
import { fetchManifest } from "@/oci/client/fetch-content";
import { refusal } from "@/oci/client/http";
import { fallbackTag } from "@/oci/client/referrers";
import type { RegistrySession } from "@/oci/client/session";
import { type Blob, type BuiltManifest, descriptor, jsonBlob } from "./blob";
import { OCI_INDEX } from "./image-index";

const pushScope = (repository: string) => `repository:${repository}:pull,push`;

async function pushBlob(session: RegistrySession, repository: string, piece: Blob): Promise<void> {
  const scope = pushScope(repository);
  const head = await session.request(`/v2/${repository}/blobs/${piece.digest}`, { method: "HEAD", scope });
  if (head.ok) return;
  const started = await session.request(`/v2/${repository}/blobs/uploads/`, { method: "POST", scope, headers: { "Content-Length": "0" } });
  if (started.status !== 202) throw await refusal(started, `starting the upload of ${piece.digest} to ${repository}`);
  await started.body?.cancel();
  const location = new URL(started.headers.get("location") ?? "", session.base);
  location.searchParams.set("digest", piece.digest);
  const done = await session.request(location.toString(), { method: "PUT", scope, body: piece.bytes, headers: { "Content-Type": "application/octet-stream" } });
  if (done.status !== 201) throw await refusal(done, `uploading ${piece.digest} to ${repository}`);
  await done.body?.cancel();
}

async function putManifest(session: RegistrySession, repository: string, manifest: BuiltManifest, reference: string): Promise<Response> {
  const response = await session.request(`/v2/${repository}/manifests/${reference}`, {
    method: "PUT",
    scope: pushScope(repository),
    body: manifest.bytes,
    headers: { "Content-Type": manifest.mediaType },
  });
  if (response.status !== 201) throw await refusal(response, `pushing manifest ${manifest.digest} to ${repository}:${reference}`);
  await response.body?.cancel();
  return response;
}

/** Pushes `manifest` and everything it references; tagged `tag` if given, else by digest. */
export async function pushManifest(session: RegistrySession, repository: string, manifest: BuiltManifest, tag?: string): Promise<void> {
  for (const piece of manifest.blobs) await pushBlob(session, repository, piece);
  for (const child of manifest.children) await pushManifest(session, repository, child);
  const response = await putManifest(session, repository, manifest, tag ?? manifest.digest);
  const subject = subjectOf(manifest);
  if (subject && !response.headers.get("oci-subject")) await addToTagSchema(session, repository, subject, manifest);
}

function subjectOf(manifest: BuiltManifest): string | undefined {
  const parsed = JSON.parse(manifest.bytes.toString("utf8")) as { subject?: { digest?: string } };
  return parsed.subject?.digest;
}

/** "Referrers Tag Schema": read the index tagged `<alg>-<hex>` (none yet is an empty one), add the referrer, put it back. */
async function addToTagSchema(session: RegistrySession, repository: string, subject: string, referrer: BuiltManifest): Promise<void> {
  const tag = fallbackTag(subject);
  const existing = await fetchManifest(session, repository, tag).catch((error: unknown) => {
    if (error instanceof RegistryError && error.code === "MANIFEST_UNKNOWN") return undefined;
    throw error;
  });
  const entries = existing ? (JSON.parse(existing.bytes.toString("utf8")) as { manifests: object[] }).manifests : [];
  const index = jsonBlob(OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...entries, descriptor(referrer)] });
  await putManifest(session, repository, { ...index, blobs: [], children: [] }, tag);
}
