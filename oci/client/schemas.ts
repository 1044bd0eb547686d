// The shapes the client reads (OCI image spec v1.1: descriptor.md, manifest.md, image-index.md, config.md; Docker's
// schema 2 has the same fields). Only what Bulkhead uses is required; anything else a registry adds is let through.
import { z } from "zod";
import { isDigest } from "./digest";

const digest = z.string().refine(isDigest, "is not a sha256 or sha512 digest");

export const platformSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.string().optional(),
  "os.version": z.string().optional(),
});

export const descriptorSchema = z.object({
  mediaType: z.string(),
  digest,
  size: z.number().int().nonnegative(),
  artifactType: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: platformSchema.optional(),
});

export const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export const indexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export const configSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  rootfs: z.object({ type: z.literal("layers"), diff_ids: z.array(digest) }),
  config: z.record(z.string(), z.unknown()).optional(),
});

export type Platform = z.infer<typeof platformSchema>;
export type Descriptor = z.infer<typeof descriptorSchema>;
export type ImageManifest = z.infer<typeof manifestSchema>;
export type ImageIndex = z.infer<typeof indexSchema>;
export type ImageConfig = z.infer<typeof configSchema>;
