import { z } from "zod";
import { COORDINATE_SCHEMAS, PROVIDER_KINDS } from "@/providers/registry";
import { targetCredentials } from "./credential-schemas";
import { targetLabelKey, MAX_LABEL_VALUE } from "./label-schemas";

export { targetLabelKey, MAX_LABEL_VALUE };

// What an operator enters to register, edit and rotate a target; shared by the procedures and the forms.
// Credentials are write-only (./credential-schemas.ts): accepted here, sealed at rest, never returned.

/** A target's coordinates: one registered provider's schema (providers/<kind>/target-schema.ts), chosen by `kind`. */
export const targetCoordinates = z.discriminatedUnion("kind", COORDINATE_SCHEMAS);

/**
 * The provider-specific parts of an input as the API takes them: checked here, by the provider's own schema, with its
 * messages on the fields' paths. The browser's forms are built from plain-data descriptions (registry
 * providerDescriptors()) and cannot load these schemas (the registry brings the adapters' SDKs), so they send what the
 * operator typed and show the field errors the server answers: the transform in front leaves a client's type for these
 * parts open (unknown) while the OpenAPI document still describes them by the schema after it.
 */
const checkedByProvider = <T extends z.ZodType>(schema: T) => z.transform((value: unknown) => value).pipe(schema);

export const targetLabels = z
  .record(targetLabelKey, z.string().max(MAX_LABEL_VALUE, `Label values: at most ${MAX_LABEL_VALUE} characters`))
  .refine((labels) => Object.keys(labels).length <= 32, "At most 32 labels");

const targetName = z
  .string()
  .trim()
  .max(40, "Name: 3–40 lowercase letters, digits and hyphens")
  .regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "Name: 3–40 lowercase letters, digits and hyphens");

/** An API endpoint other than the provider's public one: a private endpoint, or the sandbox's emulators. */
const endpoint = z
  .string()
  .trim()
  .max(2048, "Endpoint: at most 2048 characters")
  .url("Endpoint must be a URL like https://ecs.eu-west-1.amazonaws.com")
  .refine((url) => /^https?:\/\//.test(url), "Endpoint must be an http:// or https:// URL");
const pemCertificate = z
  .string()
  .trim()
  .max(16_384, "CA certificate: at most 16384 characters")
  .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, "CA certificate: a PEM certificate (-----BEGIN CERTIFICATE----- …)");

/** How Bulkhead reaches the provider, when not at its public endpoints. Empty text or null means "none"; left out, unchanged. */
const connection = {
  endpoint: z.union([z.literal("").transform(() => null), endpoint]).nullable().optional(),
  caCertificate: z.union([z.literal("").transform(() => null), pemCertificate]).nullable().optional(),
};

const sameProvider = (input: { coordinates: { kind: string }; credentials: { kind: string } }) => input.coordinates.kind === input.credentials.kind;

export const createTargetInput = z
  .object({
    name: targetName,
    coordinates: checkedByProvider(targetCoordinates),
    credentials: checkedByProvider(targetCredentials),
    labels: targetLabels.default({}),
    ...connection,
  })
  .refine(sameProvider, { path: ["credentials"], message: "Credentials must be for the same provider as the target" });
export type CreateTargetInput = z.infer<typeof createTargetInput>;

export const targetIdInput = z.object({ id: z.uuid("Not a target id") });

/**
 * Everything but the credentials, which have their own procedure. The coordinates come whole (the form shows
 * them all); those that say where the deployments live (registry identityFieldsOf) must be what they were.
 */
export const updateTargetInput = z.object({
  id: z.uuid("Not a target id"),
  name: targetName,
  coordinates: checkedByProvider(targetCoordinates),
  labels: targetLabels.default({}),
  ...connection,
});
export type UpdateTargetInput = z.infer<typeof updateTargetInput>;

export const rotateCredentialsInput = z.object({ id: z.uuid("Not a target id"), credentials: checkedByProvider(targetCredentials) });
export type RotateCredentialsInput = z.infer<typeof rotateCredentialsInput>;

export const disableTargetInput = z.object({
  id: z.uuid("Not a target id"),
  reason: z.string().trim().min(1, "Say why, for the developers who will see it").max(500, "Reason: at most 500 characters"),
});
export type DisableTargetInput = z.infer<typeof disableTargetInput>;

export const connectionCheckInput = z.object({ id: z.uuid("Not a connection check id") });

export const providerKind = z.enum(PROVIDER_KINDS);
