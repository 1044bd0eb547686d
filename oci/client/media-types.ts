// The manifest media types the client asks for and understands: the OCI image spec v1.1's index and image manifest,
// and Docker's image manifest v2 schema 2 and manifest list (https://distribution.github.io/distribution/spec/manifest-v2-2/).
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

export const INDEX_TYPES: readonly string[] = [OCI_INDEX, DOCKER_LIST];
export const MANIFEST_TYPES: readonly string[] = [OCI_MANIFEST, DOCKER_MANIFEST];

/** The Accept header of a manifest request: every type above. */
export const MANIFEST_ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(", ");

/** A manifest is at most 4 MiB: the size registries must accept (distribution-spec v1.1, "Pushing Manifests"); more is refused unread. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
