import { z } from "zod";
import { PROVIDER_KINDS, TLS_VERSIONS } from "@/providers/types";
import { targetCredentials } from "./credential-schemas";

// What an operator enters to register, edit and rotate a target; shared by the procedures and the forms.
// Credentials are write-only (./credential-schemas.ts): accepted here, sealed at rest, never returned.

const region = z
  .string()
  .trim()
  .max(64, "Region: at most 64 characters")
  .regex(/^[a-z]{2,}[a-z0-9-]*[0-9a-z]$/, "Region looks like eu-west-1, westeurope or europe-west1");
const nonEmpty = (what: string) => z.string().trim().min(1, `${what} is required`).max(512, `${what}: at most 512 characters`);

const arn = (service: string, what: string) =>
  z
    .string()
    .trim()
    .max(2048, `${what}: at most 2048 characters`)
    .regex(new RegExp(`^arn:aws[\\w-]*:${service}:[a-z0-9-]*:\\d{12}:.+$`), `${what} must be an ARN like arn:aws:${service}:…`);
const httpsUrl = (what: string) => z.string().trim().max(2048, `${what}: at most 2048 characters`).url(`${what} must be a URL`).startsWith("https://", `${what} must be an https:// URL`);
const azureResourceId = (what: string) => z.string().trim().max(1024, `${what}: at most 1024 characters`).startsWith("/subscriptions/", `${what} is an Azure resource id (/subscriptions/…)`);

// The TLS infrastructure a target offers, all optional: what the providers' policy code uses to enforce
// encryption in transit (providers/*/policy-enforcement.ts). Without it a target simply cannot meet those settings and
// deploys that need them are refused, naming the setting.
const awsTls = {
  httpsListener: z
    .object({
      listenerArn: arn("elasticloadbalancing", "Listener"),
      sslPolicy: z
        .string()
        .trim()
        .max(128, "ELB security policy: at most 128 characters")
        .regex(/^ELBSecurityPolicy-[\w-]+$/, "ELB security policy looks like ELBSecurityPolicy-TLS13-1-2-2021-06"),
      redirectsHttp: z.boolean().default(false),
    })
    .optional(),
  serviceConnect: z
    .object({ namespace: nonEmpty("Namespace"), privateCaArn: arn("acm-pca", "Private CA"), kmsKeyArn: arn("kms", "KMS key"), tlsRoleArn: arn("iam", "TLS role") })
    .optional(),
};
const azureTls = {
  subnetId: azureResourceId("Subnet id").optional(),
  tlsSidecar: z
    .object({
      image: z
        .string()
        .trim()
        .max(512, "Sidecar image: at most 512 characters")
        .regex(/^[\w.-]+(?::\d+)?\/[\w./-]+@sha256:[0-9a-f]{64}$/, "Sidecar image must be pinned by digest (registry/name@sha256:…)"),
      certificateUrl: httpsUrl("Certificate URL"),
      clientCaUrl: httpsUrl("Client CA URL"),
      identityId: azureResourceId("Identity id"),
    })
    .optional(),
};
const gcpTls = {
  vpc: z.object({ network: nonEmpty("VPC network"), subnetwork: nonEmpty("VPC subnetwork") }).optional(),
  loadBalancer: z.object({ sslPolicy: nonEmpty("SSL policy"), minTlsVersion: z.enum(TLS_VERSIONS), redirectsHttp: z.boolean().default(false) }).optional(),
};

export const targetCoordinates = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("aws-ecs"),
    region,
    cluster: nonEmpty("Cluster"),
    subnets: z.array(nonEmpty("Subnet")).min(1, "At least one subnet is required").max(16, "At most 16 subnets"),
    securityGroups: z.array(nonEmpty("Security group")).min(1, "At least one security group is required").max(5, "At most 5 security groups"),
    executionRoleArn: z
      .string()
      .max(2048, "Execution role: at most 2048 characters")
      .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, "Execution role must be an IAM role ARN"),
    ...awsTls,
  }),
  z.object({ kind: z.literal("azure-aci"), region, subscriptionId: z.uuid("Subscription id is a GUID"), resourceGroup: nonEmpty("Resource group"), ...azureTls }),
  z.object({
    kind: z.literal("gcp-cloud-run"),
    region,
    projectId: z
      .string()
      .max(30, "Project id: 6–30 lowercase letters, digits, hyphens")
      .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "Project id: 6–30 lowercase letters, digits, hyphens"),
    ...gcpTls,
  }),
]);

/** Where the target's coordinates say its deployments live: these never change on an existing target. */
export const IDENTITY_FIELDS: Record<(typeof PROVIDER_KINDS)[number], string[]> = {
  "aws-ecs": ["kind", "region", "cluster"],
  "azure-aci": ["kind", "region", "subscriptionId", "resourceGroup"],
  "gcp-cloud-run": ["kind", "region", "projectId"],
};

export const targetLabelKey = z.string().max(32, "Label keys: at most 32 characters").regex(/^[a-z][a-z0-9-]{0,31}$/, "Label keys: lowercase letters, digits, hyphens");
export const MAX_LABEL_VALUE = 63;
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
    coordinates: targetCoordinates,
    credentials: targetCredentials,
    labels: targetLabels.default({}),
    ...connection,
  })
  .refine(sameProvider, { path: ["credentials"], message: "Credentials must be for the same provider as the target" });
export type CreateTargetInput = z.infer<typeof createTargetInput>;

export const targetIdInput = z.object({ id: z.uuid("Not a target id") });

/**
 * Everything but the credentials, which have their own procedure. The coordinates come whole (the form shows
 * them all); those that say where the deployments live (IDENTITY_FIELDS) must be what they were.
 */
export const updateTargetInput = z.object({
  id: z.uuid("Not a target id"),
  name: targetName,
  coordinates: targetCoordinates,
  labels: targetLabels.default({}),
  ...connection,
});
export type UpdateTargetInput = z.infer<typeof updateTargetInput>;

export const rotateCredentialsInput = z.object({ id: z.uuid("Not a target id"), credentials: targetCredentials });
export type RotateCredentialsInput = z.infer<typeof rotateCredentialsInput>;

export const disableTargetInput = z.object({
  id: z.uuid("Not a target id"),
  reason: z.string().trim().min(1, "Say why, for the developers who will see it").max(500, "Reason: at most 500 characters"),
});
export type DisableTargetInput = z.infer<typeof disableTargetInput>;

export const connectionCheckInput = z.object({ id: z.uuid("Not a connection check id") });

export const providerKind = z.enum(PROVIDER_KINDS);
