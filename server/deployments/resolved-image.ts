import { z } from "zod";

// A revision's image as its registry resolved it (./image-resolution.ts): stored with the revision, answered with it.

export const resolvedImageRecord = z
  .object({
    /** The reference deployed, as given. */
    image: z.string(),
    registry: z.string(),
    /** The platform's image manifest (the reference's digest names the index for a multi-platform image). */
    manifestDigest: z.string(),
    platform: z.string(),
    /** Compressed layer digests, base first. */
    layers: z.array(z.string()),
    /** What the image's annotations say it was built on (org.opencontainers.image.base.name / .base.digest), unverified. */
    baseName: z.string().nullable(),
    baseDigest: z.string().nullable(),
    /**
     * The base it is verified to be built on: the named base, resolved for the same platform, whose layers are the first
     * of the image's; null when it names none, or the named one is not there or is not a prefix. Its digests (the
     * reference's and the platform manifest's) are what the catalog is matched on, whatever host it was pulled from.
     */
    base: z.object({ reference: z.string(), digest: z.string(), manifestDigest: z.string(), layers: z.number().int() }).nullable().default(null),
    /**
     * What was found of its signatures (./image-signature.ts): null on resolutions made before signatures were checked.
     * `signer` is the trusted key one verified against; `tried` names every key offered (name and scope); `found`
     * counts the signatures read, `unreadable` lists what was there but was not one; `problem` is the registry's
     * refusal when the signatures could not be looked for.
     */
    signature: z
      .object({
        signer: z.object({ id: z.string(), name: z.string(), scope: z.string(), fingerprint: z.string(), layout: z.enum(["sigstore-bundle", "cosign-tag"]), digest: z.string() }).nullable(),
        tried: z.array(z.string()),
        found: z.number().int(),
        unreadable: z.array(z.string()),
        problem: z.string().nullable(),
      })
      .nullable()
      .default(null),
    resolvedAt: z.string(),
  })
  .meta({ id: "ResolvedImage" });
export type ResolvedImageRecord = z.infer<typeof resolvedImageRecord>;
