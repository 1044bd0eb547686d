// Checking a pushed manifest as the distribution-spec v1.1 allows ("Pushing Manifests":
// https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pushing-manifests): registries SHOULD accept
// manifests up to 4 MiB and may refuse larger ones (413); they may refuse media types they do not know; a manifest
// pushed by digest must hash to it; the blobs and manifests it references must be in the repository; a `subject`
// need not exist, and a manifest that has one is answered with `OCI-Subject`.
import { digestOf, isDigest } from "./digests";
import { RegistryRefusal } from "./errors";
import type { Repository, StoredManifest } from "./store";

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** The manifest media types this registry stores: the OCI image spec's and Docker's image manifest v2 schema 2. */
export const INDEX_TYPES = new Set(["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"]);
export const IMAGE_TYPES = new Set(["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"]);

interface Descriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
}

interface Parsed {
  schemaVersion?: unknown;
  mediaType?: unknown;
  artifactType?: unknown;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

const invalid = (detail: string) => new RegistryRefusal("MANIFEST_INVALID", detail);

function descriptorDigest(descriptor: Descriptor | undefined, where: string): string {
  if (typeof descriptor?.digest !== "string" || !isDigest(descriptor.digest)) throw invalid(`${where}.digest is not a digest`);
  if (typeof descriptor.size !== "number" || !Number.isSafeInteger(descriptor.size) || descriptor.size < 0) throw invalid(`${where}.size is not a size in bytes`);
  if (typeof descriptor.mediaType !== "string") throw invalid(`${where}.mediaType is missing`);
  return descriptor.digest;
}

/** The manifest to store, or the refusal. `bytes` is undefined when the body was over the limit. */
export function checkManifest(repository: Repository, reference: string, contentType: string | undefined, bytes: Buffer | undefined, blobs: Map<string, Buffer>): StoredManifest {
  if (bytes === undefined) throw new RegistryRefusal("MANIFEST_INVALID", `manifest is over ${MAX_MANIFEST_BYTES} bytes`, 413);
  const mediaType = (contentType ?? "").split(";")[0].trim();
  if (!INDEX_TYPES.has(mediaType) && !IMAGE_TYPES.has(mediaType)) throw invalid(`unsupported manifest media type "${mediaType}" (Content-Type)`);
  let parsed: Parsed;
  try {
    parsed = JSON.parse(bytes.toString("utf8")) as Parsed;
  } catch (error) {
    throw invalid(`manifest is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || parsed.schemaVersion !== 2) throw invalid("schemaVersion must be 2");
  if (parsed.mediaType !== undefined && parsed.mediaType !== mediaType) throw invalid(`mediaType "${String(parsed.mediaType)}" differs from the Content-Type "${mediaType}"`);
  const digest = digestOf(bytes, isDigest(reference) ? reference : "sha256:");
  if (isDigest(reference) && digest !== reference) throw new RegistryRefusal("DIGEST_INVALID", `manifest digest is ${digest}, not ${reference}`);

  if (IMAGE_TYPES.has(mediaType)) {
    const referenced = [descriptorDigest(parsed.config, "config"), ...(parsed.layers ?? []).map((layer, index) => descriptorDigest(layer, `layers[${index}]`))];
    const missing = referenced.find((blob) => !repository.blobs.has(blob) || !blobs.has(blob));
    if (missing) throw new RegistryRefusal("MANIFEST_BLOB_UNKNOWN", { digest: missing });
  } else {
    if (!Array.isArray(parsed.manifests)) throw invalid("an index needs a manifests array");
    const missing = parsed.manifests.map((child, index) => descriptorDigest(child, `manifests[${index}]`)).find((child) => !repository.manifests.has(child));
    if (missing) throw new RegistryRefusal("MANIFEST_BLOB_UNKNOWN", { digest: missing });
  }
  const subject = parsed.subject === undefined ? undefined : descriptorDigest(parsed.subject, "subject");
  const artifactType = typeof parsed.artifactType === "string" ? parsed.artifactType : typeof parsed.config?.mediaType === "string" ? parsed.config.mediaType : undefined;
  return { digest, mediaType, bytes, subject, artifactType, annotations: parsed.annotations };
}
