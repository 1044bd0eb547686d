// Blobs and their uploads (distribution-spec v1.1, end-2, end-4a/4b, end-5, end-6, end-10, end-11, end-13:
// "Pulling blobs", "Pushing blobs" monolithically (POST ?digest=, or POST then PUT) and in chunks (PATCH with
// Content-Range, in order), "Mounting a blob from another repository", "Deleting Blobs"). Every upload is verified
// against the digest it claims before the blob is stored.
import { digestOf, isDigest } from "./digests";
import { RegistryRefusal } from "./errors";
import { empty, type Reply } from "./reply";
import type { RegistryStore, Upload } from "./store";

function checkDigest(digest: string | null): string {
  if (!digest || !isDigest(digest)) throw new RegistryRefusal("DIGEST_INVALID", `"${digest ?? ""}" is not a sha256 or sha512 digest`);
  return digest;
}

function linked(store: RegistryStore, name: string, digest: string): Buffer {
  if (!isDigest(digest)) throw new RegistryRefusal("DIGEST_INVALID", `"${digest}" is not a digest`);
  const repository = store.repository(name);
  if (!repository) throw new RegistryRefusal("NAME_UNKNOWN", { name });
  const bytes = repository.blobs.has(digest) ? store.blobs.get(digest) : undefined;
  if (!bytes) throw new RegistryRefusal("BLOB_UNKNOWN", { digest });
  return bytes;
}

export function getBlob(store: RegistryStore, name: string, digest: string): Reply {
  const bytes = linked(store, name, digest);
  return { status: 200, headers: { "Content-Type": "application/octet-stream", "Content-Length": String(bytes.length), "Docker-Content-Digest": digest }, body: bytes };
}

export function deleteBlob(store: RegistryStore, name: string, digest: string): Reply {
  linked(store, name, digest);
  store.repository(name)?.blobs.delete(digest);
  return empty(202);
}

function stored(store: RegistryStore, name: string, digest: string, bytes: Buffer): Reply {
  const actual = digestOf(bytes, digest);
  if (actual !== digest) throw new RegistryRefusal("DIGEST_INVALID", `uploaded content is ${actual}, not ${digest}`);
  store.putBlob(name, digest, bytes);
  return empty(201, { Location: `/v2/${name}/blobs/${digest}`, "Docker-Content-Digest": digest });
}

const session = (name: string, upload: Upload, status: number): Reply =>
  empty(status, {
    Location: `/v2/${name}/blobs/uploads/${upload.id}`,
    "Docker-Upload-UUID": upload.id,
    // Range is inclusive: "0-0" before the first byte, as distribution answers.
    Range: `0-${Math.max(upload.size - 1, 0)}`,
  });

export function startUpload(store: RegistryStore, name: string, query: URLSearchParams, body: Buffer): Reply {
  const mount = query.get("mount");
  const from = query.get("from");
  if (mount && from && isDigest(mount) && store.repository(from)?.blobs.has(mount) && store.blobs.has(mount)) {
    store.ensure(name).blobs.add(mount);
    return empty(201, { Location: `/v2/${name}/blobs/${mount}`, "Docker-Content-Digest": mount });
  }
  // A mount the registry cannot do is answered with an ordinary upload session (end-11).
  if (query.has("digest")) return stored(store, name, checkDigest(query.get("digest")), body);
  store.ensure(name);
  return session(name, store.startUpload(name), 202);
}

function findUpload(store: RegistryStore, name: string, id: string): Upload {
  const upload = store.upload(name, id);
  if (!upload) throw new RegistryRefusal("BLOB_UPLOAD_UNKNOWN", { id });
  return upload;
}

/** A chunk must continue where the upload stands; one out of order is 416 (distribution-spec, "Pushing a blob in chunks"). */
export function patchUpload(store: RegistryStore, name: string, id: string, contentRange: string | undefined, body: Buffer): Reply {
  const upload = findUpload(store, name, id);
  if (contentRange) {
    const match = /^(\d+)-(\d+)$/.exec(contentRange.trim());
    if (!match || Number(match[1]) !== upload.size) {
      throw new RegistryRefusal("BLOB_UPLOAD_INVALID", `Content-Range ${contentRange} does not start at ${upload.size}`, 416, { Location: `/v2/${name}/blobs/uploads/${id}`, Range: `0-${Math.max(upload.size - 1, 0)}` });
    }
    if (Number(match[2]) - Number(match[1]) + 1 !== body.length) throw new RegistryRefusal("SIZE_INVALID", `Content-Range ${contentRange} is not the ${body.length} bytes sent`);
  }
  upload.chunks.push(body);
  upload.size += body.length;
  return session(name, upload, 202);
}

export function uploadStatus(store: RegistryStore, name: string, id: string): Reply {
  return session(name, findUpload(store, name, id), 204);
}

export function finishUpload(store: RegistryStore, name: string, id: string, query: URLSearchParams, body: Buffer): Reply {
  const upload = findUpload(store, name, id);
  const digest = checkDigest(query.get("digest"));
  const reply = stored(store, name, digest, Buffer.concat([...upload.chunks, body]));
  store.endUpload(id);
  return reply;
}

export function cancelUpload(store: RegistryStore, name: string, id: string): Reply {
  findUpload(store, name, id);
  store.endUpload(id);
  return empty(204);
}
