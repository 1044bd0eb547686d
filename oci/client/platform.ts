// Choosing the manifest of an index for the platform a target runs (OCI image spec, image-index.md `platform`).
import { RegistryError } from "./errors";
import type { Descriptor, ImageIndex, Platform } from "./schemas";

export const formatPlatform = (platform: Platform) => `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ""}`;

/** The entry for `wanted` (a variant only narrows when asked for), or a "no-platform" refusal naming those there are. */
export function pickPlatform(index: ImageIndex, wanted: Platform, what: string): Descriptor {
  const images = index.manifests.filter((entry) => entry.platform);
  const found = images.find(({ platform }) => platform?.os === wanted.os && platform.architecture === wanted.architecture && (!wanted.variant || platform.variant === wanted.variant));
  if (found) return found;
  const present = images.map((entry) => formatPlatform(entry.platform as Platform));
  throw new RegistryError("no-platform", `${what} has no image for ${formatPlatform(wanted)}; it has ${present.length ? present.join(", ") : "no platform-specific images"}`);
}
