// Listings: tags with `n`/`last` pagination (distribution-spec v1.1, end-8a/8b, "Listing Tags") and the referrers API
// (end-12a/12b, "Listing Referrers": an OCI image index of the manifests whose `subject` is the digest, filtered by
// `artifactType` when asked, saying so in `OCI-Filters-Applied`).
import { isDigest } from "./digests";
import { RegistryRefusal } from "./errors";
import { json, type Reply } from "./reply";
import type { RegistryStore } from "./store";

export function listTags(store: RegistryStore, name: string, query: URLSearchParams): Reply {
  const repository = store.repository(name);
  if (!repository) throw new RegistryRefusal("NAME_UNKNOWN", { name });
  const n = query.get("n");
  if (n !== null && !/^\d+$/.test(n)) throw new RegistryRefusal("UNSUPPORTED", `n must be a whole number, not "${n}"`, 400);
  const last = query.get("last");
  // Lexical order, and after `last` when given.
  const all = [...repository.tags.keys()].sort().filter((tag) => last === null || tag > last);
  const page = n === null ? all : all.slice(0, Number(n));
  const headers: Record<string, string> = {};
  if (n !== null && page.length < all.length && page.length > 0) {
    headers.Link = `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(page[page.length - 1])}>; rel="next"`;
  }
  return json(200, { name, tags: page }, "application/json", headers);
}

export function listReferrers(store: RegistryStore, name: string, digest: string, query: URLSearchParams): Reply {
  if (!isDigest(digest)) throw new RegistryRefusal("DIGEST_INVALID", `"${digest}" is not a digest`);
  const artifactType = query.get("artifactType");
  const manifests = [...(store.repository(name)?.manifests.values() ?? [])]
    .filter((manifest) => manifest.subject === digest && (artifactType === null || manifest.artifactType === artifactType))
    .map((manifest) => ({
      mediaType: manifest.mediaType,
      digest: manifest.digest,
      size: manifest.bytes.length,
      ...(manifest.artifactType && { artifactType: manifest.artifactType }),
      ...(manifest.annotations && { annotations: manifest.annotations }),
    }));
  const headers: Record<string, string> = artifactType === null ? {} : { "OCI-Filters-Applied": "artifactType" };
  // A subject with no referrers (or unknown) is an empty index, not a 404: the 404 means "no referrers API".
  return json(200, { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests }, "application/vnd.oci.image.index.v1+json", headers);
}
