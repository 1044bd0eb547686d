// Manifests (distribution-spec v1.1, end-3, end-7, end-9: "Pulling manifests", "Pushing Manifests", "Deleting
// Manifests"), addressed by tag or by digest.
import { isDigest } from "./digests";
import { RegistryRefusal } from "./errors";
import { checkManifest } from "./manifests";
import { TAG } from "./names";
import { empty, type Reply } from "./reply";
import type { RegistryStore, Repository, StoredManifest } from "./store";

/** A manifest answer planted by a test, served as is, unchecked: how a test stands in for a registry that misbehaves. */
export interface PlantedManifest {
  contentType: string;
  body: Buffer;
  /** The Docker-Content-Digest header to send, if any. */
  digest?: string;
}

function checkReference(reference: string): void {
  if (!isDigest(reference) && !TAG.test(reference)) throw new RegistryRefusal("MANIFEST_INVALID", `"${reference}" is neither a tag nor a digest`);
}

function find(store: RegistryStore, name: string, reference: string): { repository: Repository; manifest: StoredManifest } {
  const repository = store.repository(name);
  if (!repository) throw new RegistryRefusal("NAME_UNKNOWN", { name });
  const digest = isDigest(reference) ? reference : repository.tags.get(reference);
  const manifest = digest === undefined ? undefined : repository.manifests.get(digest);
  if (!manifest) throw new RegistryRefusal("MANIFEST_UNKNOWN", { name, reference });
  return { repository, manifest };
}

/** Whether an Accept header takes `mediaType`; no Accept header takes anything. */
function accepts(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return true;
  const types = accept.split(",").map((part) => part.split(";")[0].trim());
  return types.some((type) => type === mediaType || type === "*/*" || type === "application/*");
}

export function getManifest(store: RegistryStore, name: string, reference: string, accept: string | undefined, planted: PlantedManifest | undefined): Reply {
  if (planted) {
    const headers: Record<string, string> = { "Content-Type": planted.contentType, "Content-Length": String(planted.body.length) };
    if (planted.digest) headers["Docker-Content-Digest"] = planted.digest;
    return { status: 200, headers, body: planted.body };
  }
  checkReference(reference);
  const { manifest } = find(store, name, reference);
  // As distribution does: a manifest of a type the client does not accept is not found for it.
  if (!accepts(accept, manifest.mediaType)) throw new RegistryRefusal("MANIFEST_UNKNOWN", { name, reference, reason: `stored as ${manifest.mediaType}, which the Accept header does not name` });
  return {
    status: 200,
    headers: { "Content-Type": manifest.mediaType, "Content-Length": String(manifest.bytes.length), "Docker-Content-Digest": manifest.digest, ETag: `"${manifest.digest}"` },
    body: manifest.bytes,
  };
}

export function putManifest(store: RegistryStore, name: string, reference: string, contentType: string | undefined, bytes: Buffer | undefined): Reply {
  checkReference(reference);
  const repository = store.ensure(name);
  const manifest = checkManifest(repository, reference, contentType, bytes, store.blobs);
  repository.manifests.set(manifest.digest, manifest);
  if (!isDigest(reference)) repository.tags.set(reference, manifest.digest);
  const headers: Record<string, string> = { Location: `/v2/${name}/manifests/${manifest.digest}`, "Docker-Content-Digest": manifest.digest };
  // "Pushing Manifests with Subject": the header tells the client the registry indexed the referrer itself.
  if (manifest.subject) headers["OCI-Subject"] = manifest.subject;
  return empty(201, headers);
}

export function deleteManifest(store: RegistryStore, name: string, reference: string): Reply {
  checkReference(reference);
  const { repository, manifest } = find(store, name, reference);
  if (isDigest(reference)) {
    repository.manifests.delete(manifest.digest);
    for (const [tag, digest] of repository.tags) if (digest === manifest.digest) repository.tags.delete(tag);
  } else {
    repository.tags.delete(reference);
  }
  return empty(202);
}
