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
    resolvedAt: z.string(),
  })
  .meta({ id: "ResolvedImage" });
export type ResolvedImageRecord = z.infer<typeof resolvedImageRecord>;
