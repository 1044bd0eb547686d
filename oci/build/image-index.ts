// Multi-platform images (OCI image spec v1.1, image-index.md): an index listing one image manifest per platform.
import { type BuiltManifest, descriptor, jsonBlob } from "./blob";
import type { BuiltImage } from "./image";

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

export function buildIndex(images: BuiltImage[]): BuiltManifest {
  const platforms = images.map(({ platform }) => `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ""}`);
  const repeated = platforms.find((platform, index) => platforms.indexOf(platform) !== index);
  if (repeated) throw new Error(`An index has one image per platform; ${repeated} is given twice`);
  const index = jsonBlob(OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests: images.map((image) => descriptor(image)) });
  return { ...index, blobs: [], children: images };
}
