// Image manifests and configs (OCI image spec v1.1, manifest.md and config.md). An app image is built on a base
// image: its layers are the base's layers, in order, then its own, so the base's layer digests are a prefix of the
// app's; the manifest also names the base in the annotations org.opencontainers.image.base.name / .base.digest
// (annotations.md, "Pre-Defined Annotation Keys").
import { type BuiltManifest, descriptor, jsonBlob, type Platform } from "./blob";
import { buildLayer, type Layer, type LayerFile } from "./layer";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

export interface BuiltImage extends BuiltManifest {
  platform: Platform;
  layers: Layer[];
}

export interface ImageInput {
  platform: Platform;
  /** The image's own layers, each a list of files. */
  layers: LayerFile[][];
  /** The base image (for this platform) and the reference it is known by. */
  base?: { name: string; image: BuiltImage };
  /** The runtime config (config.md `config`): Env, Cmd, ExposedPorts... */
  runtime?: Record<string, unknown>;
}

export async function buildImage(input: ImageInput): Promise<BuiltImage> {
  if (input.base && (input.base.image.platform.os !== input.platform.os || input.base.image.platform.architecture !== input.platform.architecture)) {
    throw new Error(`Base image ${input.base.name} is for ${input.base.image.platform.os}/${input.base.image.platform.architecture}, not ${input.platform.os}/${input.platform.architecture}`);
  }
  const own = await Promise.all(input.layers.map(buildLayer));
  const layers = [...(input.base?.image.layers ?? []), ...own];
  const config = jsonBlob(OCI_CONFIG, {
    // A fixed creation time: the same input gives the same image.
    created: "1970-01-01T00:00:00Z",
    architecture: input.platform.architecture,
    os: input.platform.os,
    ...(input.platform["os.version"] && { "os.version": input.platform["os.version"] }),
    config: input.runtime ?? {},
    rootfs: { type: "layers", diff_ids: layers.map((layer) => layer.diffId) },
  });
  const annotations = input.base && { "org.opencontainers.image.base.name": input.base.name, "org.opencontainers.image.base.digest": input.base.image.digest };
  const manifest = jsonBlob(OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor(config),
    layers: layers.map((layer) => descriptor(layer.blob)),
    ...(annotations && { annotations }),
  });
  return { ...manifest, blobs: [config, ...layers.map((layer) => layer.blob)], children: [], platform: input.platform, layers };
}
