import { z } from "zod";
import { BaseImageStatus, DataClassification } from "@/server/db/generated/enums";
import { isCidr } from "@/providers/policy-rendering";
import { TLS_VERSIONS } from "@/providers/types";
import { CLASSIFICATION_CHANGE_RULES } from "./classification-change-rules";
import { UNVERIFIED_BASE_RULES } from "./unverified-base-rules";
import type { EncryptionPolicy, NetworkLink, RuntimeHardening } from "@/providers/types";

// The inputs of policy evaluation, one definition for the API, the operator's forms and evaluate.ts.
// The encryption and hardening shapes are the providers' contract, so they are checked against it.

const HOST_NAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const egressDestination = z
  .string()
  .max(253, "A destination: at most 253 characters")
  .trim()
  .toLowerCase()
  .refine((d) => HOST_NAME.test(d) || isCidr(d), "A destination is a host name (api.example.com, *.example.com) or an IPv4 CIDR (10.0.0.0/8)");

export const tlsVersion = z.enum(TLS_VERSIONS, { error: "Minimum TLS version is 1.2 or 1.3" });

export const encryptionPolicy = z.object({
  ingressTlsRequired: z.boolean(),
  minTlsVersion: tlsVersion,
  httpRedirectToHttps: z.boolean(),
  serviceToServiceEncrypted: z.boolean(),
  serviceToServiceMutualAuth: z.boolean(),
  egressRestricted: z.boolean(),
  egressAllowList: z.array(egressDestination).max(200, "At most 200 destinations"),
}) satisfies z.ZodType<EncryptionPolicy>;

/** A team states only what it changes; overridePolicyProblems refuses any change that loosens. */
export const encryptionOverride = encryptionPolicy.partial();
export type EncryptionOverride = z.infer<typeof encryptionOverride>;

export const runtimeHardening = z.object({
  nonRoot: z.boolean(),
  readOnlyRootFilesystem: z.boolean(),
  noPrivileged: z.boolean(),
  dropCapabilities: z.boolean(),
}) satisfies z.ZodType<RuntimeHardening>;

const labelKey = z.string().max(32, "Label keys: at most 32 characters").regex(/^[a-z][a-z0-9-]{0,31}$/, "Label keys: lowercase letters, digits, hyphens");

/** A target qualifies when its label `label` has one of `anyOf` (e.g. residency ∈ {eu, ch}). */
export const labelRequirement = z.object({
  label: labelKey,
  anyOf: z.array(z.string().min(1).max(63)).min(1, "Name at least one allowed value"),
});
export type LabelRequirement = z.infer<typeof labelRequirement>;

export const dataClassification = z.enum(DataClassification);

/** Data classification → the labels a target needs to hold such data. Classifications left out need none. */
export const placementPolicy = z.partialRecord(dataClassification, z.array(labelRequirement));
export type PlacementPolicy = z.infer<typeof placementPolicy>;

/** What a deploy whose image is on no verified catalog base gets: a warning, or a refusal (Kyverno's verifyImages
 * `required`). Unverified: not resolved (no registry credentials), or resolved with no base Bulkhead could verify.
 * `signaturesRequiredFor`: the classifications whose deploys need an image signed by a trusted key (Sigstore's
 * policy-controller `ClusterImagePolicy` with a key authority, scoped here by the data the app holds). */
export const imagesPolicy = z.object({
  unverifiedBase: z.enum(UNVERIFIED_BASE_RULES, { error: "Images on no verified base: warn or refuse" }),
  // Policies saved before signatures were checked required none.
  signaturesRequiredFor: z.array(dataClassification).max(4).default([]),
});

/** Who may change an app's data classification: its team, or only IT operations (which then keeps what a
 * classification asks for, e.g. a signature, from being dropped by the team that deploys). */
export const appsPolicy = z.object({ classificationChanges: z.enum(CLASSIFICATION_CHANGE_RULES, { error: "Classification changes: by the team or by operators only" }) });

export const platformPolicy = z.object({
  encryption: encryptionPolicy,
  hardening: runtimeHardening,
  placement: placementPolicy,
  // Policies saved before images were resolved have none: they warned.
  images: imagesPolicy.default({ unverifiedBase: "warn", signaturesRequiredFor: [] }),
  // Policies saved before classification changes were restricted left them to the team.
  apps: appsPolicy.default({ classificationChanges: "team" }),
});
export type PlatformPolicy = z.infer<typeof platformPolicy>;

const resourceName = z.string().regex(/^[a-z][a-z0-9-]{0,48}$/, "An app's resource name");
export const networkLink = z.object({
  from: resourceName,
  to: resourceName,
  port: z.number().int().min(1, "Port must be between 1 and 65535").max(65_535, "Port must be between 1 and 65535"),
}) satisfies z.ZodType<NetworkLink>;

export const imageStatus = z.enum(BaseImageStatus);

/** What a reason of a policy decision is about (evaluate.ts' Reason; also what a break-glass override waives). */
export const REASON_CODES = [
  "base-image-revoked",
  "base-image-restricted",
  "base-image-end-of-life",
  "base-image-deprecated",
  // The image, resolved in its registry, is built on another catalog image than the app declares, or on none known.
  "base-image-undeclared",
  "base-image-unknown",
  // The app's classification needs an image signed by a trusted key: it has no signature, or none a trusted key made.
  "image-unsigned",
  "image-signature-untrusted",
  "placement",
  "encryption",
  "hardening",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The catalog entry of an app's base image, as evaluation needs it. */
export const baseImageEntry = z.object({
  id: z.string().min(1),
  family: z.enum(["os", "app-server"]),
  name: z.string().trim().min(1, "Name is required").max(120, "Name: at most 120 characters"),
  version: z.string().trim().min(1, "Version is required").max(60, "Version: at most 60 characters"),
  reference: z.string().max(512, "Reference: at most 512 characters").regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*@sha256:[a-f0-9]{64}$/, "Pin the base image by digest: registry/repository@sha256:<64 hex digits>"),
  status: imageStatus,
  endOfLife: z.coerce.date().nullable(),
  successor: z.object({ id: z.string().min(1), name: z.string(), version: z.string() }).nullable(),
});
export type BaseImageEntry = z.infer<typeof baseImageEntry>;

/** What evaluation knows of a target: placement reads its labels. */
export const targetSummary = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  labels: z.record(z.string(), z.string()),
});
export type TargetSummary = z.infer<typeof targetSummary>;

/** An operator sets a team's encryption override; settings left out follow the platform. */
export const setTeamOverrideInput = z.object({ teamId: z.string().uuid("Choose a team"), encryption: encryptionOverride });
export type SetTeamOverrideInput = z.infer<typeof setTeamOverrideInput>;
