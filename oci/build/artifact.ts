// An artifact that refers to an image (OCI image spec v1.1, manifest.md "Guidelines for Artifact Usage"): an image
// manifest with an artifactType, the empty config, the payload as its one layer and the image as its `subject`, as
// signatures and attestations are attached. Listed by the registry's referrers API.
import { blob, type BuiltManifest, descriptor, jsonBlob } from "./blob";
import { OCI_MANIFEST } from "./image";

/** The empty descriptor's content, `{}` (manifest.md "Guidance for an Empty Descriptor"). */
const EMPTY = blob("application/vnd.oci.empty.v1+json", Buffer.from("{}"));

export interface ArtifactInput {
  subject: BuiltManifest;
  artifactType: string;
  payload: Buffer;
  payloadMediaType: string;
  annotations?: Record<string, string>;
}

export function buildArtifact(input: ArtifactInput): BuiltManifest {
  const payload = blob(input.payloadMediaType, input.payload);
  const manifest = jsonBlob(OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: input.artifactType,
    config: descriptor(EMPTY),
    layers: [descriptor(payload)],
    subject: descriptor({ mediaType: input.subject.mediaType, digest: input.subject.digest, size: input.subject.size, bytes: input.subject.bytes }),
    ...(input.annotations && { annotations: input.annotations }),
  });
  return { ...manifest, blobs: [EMPTY, payload], children: [], artifactType: input.artifactType };
}
