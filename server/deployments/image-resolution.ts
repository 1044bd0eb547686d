import { type RegistryClient, RegistryError, type ResolvedImage } from "@/oci/client/client";
import { formatPlatform } from "@/oci/client/platform";
import { parseReference } from "@/oci/client/reference";
import { imagePlatformOf } from "@/providers/registry";
import { db } from "@/server/db/client";
import { InvalidInputError } from "@/server/errors";
import { registryClient } from "@/server/registries/login-check";
import { registryCredentialFor } from "@/server/registries/service";
import { checkSignature } from "./image-signature";
import type { ResolvedImageRecord } from "./resolved-image";

// What a deploy's image really is, asked of its registry before anything is written: the manifest for the platform
// the target runs, its layers, the base its annotations name and the signatures a trusted key made. Images in a registry the team holds credentials for
// are resolved, and refused in the registry's words when they are not there or not usable; others deploy as named,
// unresolved (the revision says so). Resolution is network work, so it happens before the transaction, never in it.

const refused = (message: string) => new InvalidInputError([{ field: "image", message }]);

/** A client for the registry with the team's credentials for it, or null when the team holds none. */
async function teamClient(teamId: string, registry: string): Promise<RegistryClient | null> {
  const credentials = await registryCredentialFor(teamId, registry);
  return credentials ? registryClient(registry, credentials) : null;
}

/**
 * The base the image's annotations name, if its layers really are the first of the image's. The annotations are only a
 * hint (anyone may write them); the layers are what the image is made of. A base that cannot be fetched is not
 * established (nor one in a registry the team holds no credentials for), and the deploy goes on judged by what the app
 * declares.
 */
async function verifiedBase(image: ResolvedImage, teamId: string, imageClient: RegistryClient): Promise<ResolvedImageRecord["base"]> {
  const name = image.annotations["org.opencontainers.image.base.name"];
  if (!name) return null;
  const pinned = image.annotations["org.opencontainers.image.base.digest"];
  try {
    const parsed = parseReference(name);
    // Like the image itself: only registries the team holds credentials for are asked. A base in the image's own
    // registry (the usual case) is asked through the image's client, its credentials and token already in hand.
    const client = parsed.registry === image.reference.registry ? imageClient : await teamClient(teamId, parsed.registry);
    if (!client) return null;
    // By its name first, for the digest the catalog pins (a multi-platform base's index); by the pinned platform
    // manifest when the name no longer leads to it (a tag moved on since the image was built).
    const byName = await client.resolve(name, image.platform).catch((error: unknown) => {
      if (pinned && error instanceof RegistryError) return null;
      throw error;
    });
    const base = byName && (!pinned || byName.manifest.digest === pinned) ? byName : await client.resolve(`${parsed.registry}/${parsed.repository}@${pinned}`, image.platform);
    const prefix = isPrefix(base.layers, image.layers);
    // digest: the index's when the name led to it, else the platform manifest's.
    return prefix ? { reference: name, digest: base.digest, manifestDigest: base.manifest.digest, layers: base.layers.length } : null;
  } catch (error) {
    if (error instanceof RegistryError) return null;
    throw error;
  }
}

/** A catalog image's layers for a platform, by the reference it was asked under: a digest names content that never
 * changes, so once found they are kept for the process. */
const catalogLayers = new Map<string, { layers: string[]; manifestDigest: string }>();

const isPrefix = (base: string[], image: string[]) => base.length > 0 && base.length <= image.length && base.every((layer, i) => image[i] === layer);

/**
 * When the image names no base (or not one that holds): the catalog image whose layers are the longest prefix of its
 * own. Each catalog image is asked of the image's registry under the catalog's repository path and digest (where a
 * mirror keeps it; the team's credentials are for that registry): one a registry does not have is simply no match.
 */
async function baseByLayers(image: ResolvedImage, client: RegistryClient): Promise<ResolvedImageRecord["base"]> {
  const catalog = await db().baseImage.findMany({ select: { reference: true }, orderBy: { createdAt: "asc" } });
  let best: ResolvedImageRecord["base"] = null;
  for (const { reference } of catalog) {
    const pinned = parseReference(reference);
    const mirrored = `${image.reference.registry}/${pinned.repository}@${pinned.digest}`;
    const key = `${mirrored} ${formatPlatform(image.platform)}`;
    let found = catalogLayers.get(key);
    if (!found) {
      const resolved = await client.resolve(mirrored, image.platform).catch((error: unknown) => {
        if (error instanceof RegistryError) return null;
        throw error;
      });
      if (!resolved) continue;
      found = { layers: resolved.layers, manifestDigest: resolved.manifest.digest };
      catalogLayers.set(key, found);
    }
    if (isPrefix(found.layers, image.layers) && found.layers.length > (best?.layers ?? 0)) {
      best = { reference: mirrored, digest: pinned.digest!, manifestDigest: found.manifestDigest, layers: found.layers.length };
    }
  }
  return best;
}

/** The image as the target would run it, or null when the team holds no credentials for its registry. */
export async function resolveDeployImage(teamId: string, image: string, targetKind: string): Promise<ResolvedImageRecord | null> {
  const wanted = imagePlatformOf(targetKind);
  try {
    const { registry } = parseReference(image);
    const client = await teamClient(teamId, registry);
    if (!client) return null;
    const resolved = await client.resolve(image, wanted);
    // A single-platform manifest is not chosen by platform: its config says what it runs on.
    if (resolved.platform.os !== wanted.os || resolved.platform.architecture !== wanted.architecture) {
      throw refused(`${image} is an image for ${formatPlatform(resolved.platform)}; this target runs ${formatPlatform(wanted)}`);
    }
    return {
      image,
      registry,
      manifestDigest: resolved.manifest.digest,
      platform: formatPlatform(resolved.platform),
      layers: resolved.layers,
      baseName: resolved.annotations["org.opencontainers.image.base.name"] ?? null,
      baseDigest: resolved.annotations["org.opencontainers.image.base.digest"] ?? null,
      base: (await verifiedBase(resolved, teamId, client)) ?? (await baseByLayers(resolved, client)),
      signature: await checkSignature(client, resolved, teamId),
      resolvedAt: new Date().toISOString(),
    };
  } catch (error) {
    if (error instanceof RegistryError) throw refused(error.message);
    throw error;
  }
}
