// Resolving an image reference to what would run: the manifest (through the index, for the platform asked), its
// config and its layer digests, every piece verified against its digest.
import { fetchBlob, fetchManifest, type FetchedManifest } from "./fetch-content";
import { RegistryError } from "./errors";
import { INDEX_TYPES, MAX_MANIFEST_BYTES } from "./media-types";
import { parseJson } from "./parse";
import { pickPlatform } from "./platform";
import { formatReference, type ImageReference, manifestReference } from "./reference";
import { configSchema, type ImageConfig, type ImageIndex, type ImageManifest, indexSchema, manifestSchema, type Platform } from "./schemas";
import type { RegistrySession } from "./session";

export interface ResolvedImage {
  reference: ImageReference;
  /** The digest the reference resolved to: the index's for a multi-platform image, else the manifest's. */
  digest: string;
  /** Set when the reference named an index: its digest and the platforms it offers. */
  index?: { digest: string; platforms: Platform[] };
  manifest: { digest: string; mediaType: string; value: ImageManifest };
  platform: Platform;
  config: ImageConfig;
  /** Compressed layer digests, base first. */
  layers: string[];
  /** The manifest's annotations (e.g. org.opencontainers.image.base.name / .base.digest). */
  annotations: Record<string, string>;
}

function checkMediaType(fetched: FetchedManifest, declared: string | undefined, what: string): void {
  if (declared !== undefined && declared !== fetched.mediaType) {
    throw new RegistryError("malformed", `${what} says its mediaType is "${declared}" but was served as "${fetched.mediaType}"`);
  }
}

export async function resolveImage(session: RegistrySession, reference: ImageReference, wanted: Platform = { os: "linux", architecture: "amd64" }): Promise<ResolvedImage> {
  const what = formatReference(reference);
  const top = await fetchManifest(session, reference.repository, manifestReference(reference));
  let index: ResolvedImage["index"];
  let chosen = top;
  if (INDEX_TYPES.includes(top.mediaType)) {
    const value: ImageIndex = parseJson(top.bytes, indexSchema, `the index of ${what}`);
    checkMediaType(top, value.mediaType, `the index of ${what}`);
    const entry = pickPlatform(value, wanted, what);
    index = { digest: top.digest, platforms: value.manifests.flatMap((item) => (item.platform ? [item.platform] : [])) };
    chosen = await fetchManifest(session, reference.repository, entry.digest);
    if (INDEX_TYPES.includes(chosen.mediaType)) throw new RegistryError("malformed", `${what}: the index entry for ${wanted.os}/${wanted.architecture} is another index, not an image manifest`);
  }
  const manifestWhat = `the manifest ${chosen.digest} of ${what}`;
  const value: ImageManifest = parseJson(chosen.bytes, manifestSchema, manifestWhat);
  checkMediaType(chosen, value.mediaType, manifestWhat);
  const configBytes = await fetchBlob(session, reference.repository, value.config.digest, MAX_MANIFEST_BYTES);
  const config: ImageConfig = parseJson(configBytes, configSchema, `the config of ${what}`);
  if (config.rootfs.diff_ids.length !== value.layers.length) {
    throw new RegistryError("malformed", `${manifestWhat} lists ${value.layers.length} layers but its config lists ${config.rootfs.diff_ids.length}`);
  }
  return {
    reference,
    digest: top.digest,
    index,
    manifest: { digest: chosen.digest, mediaType: chosen.mediaType, value },
    platform: { os: config.os, architecture: config.architecture },
    config,
    layers: value.layers.map((layer) => layer.digest),
    annotations: value.annotations ?? {},
  };
}
