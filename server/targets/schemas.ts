import { z } from "zod";
import { PROVIDER_KINDS, TLS_VERSIONS } from "@/providers/types";

// What an operator enters to register a target. Credentials are write-only: accepted here, sealed at
// rest, never returned.

const region = z.string().trim().regex(/^[a-z]{2,}[a-z0-9-]*[0-9a-z]$/, "Region looks like eu-west-1, westeurope or europe-west1");
const nonEmpty = (what: string) => z.string().trim().min(1, `${what} is required`).max(512);

const arn = (service: string, what: string) => z.string().trim().regex(new RegExp(`^arn:aws[\\w-]*:${service}:[a-z0-9-]*:\\d{12}:.+$`), `${what} must be an ARN like arn:aws:${service}:…`);
const httpsUrl = (what: string) => z.string().trim().url(`${what} must be a URL`).startsWith("https://", `${what} must be an https:// URL`);

// The TLS infrastructure a target offers, all optional: what the providers' policy code uses to enforce
// encryption in transit (providers/*/policy.ts). Without it a target simply cannot meet those settings and
// deploys that need them are refused, naming the setting.
const awsTls = {
  httpsListener: z
    .object({
      listenerArn: arn("elasticloadbalancing", "Listener"),
      sslPolicy: z.string().trim().regex(/^ELBSecurityPolicy-[\w-]+$/, "ELB security policy looks like ELBSecurityPolicy-TLS13-1-2-2021-06"),
      redirectsHttp: z.boolean().default(false),
    })
    .optional(),
  serviceConnect: z
    .object({ namespace: nonEmpty("Namespace"), privateCaArn: arn("acm-pca", "Private CA"), kmsKeyArn: arn("kms", "KMS key"), tlsRoleArn: arn("iam", "TLS role") })
    .optional(),
};
const azureTls = {
  subnetId: z.string().trim().startsWith("/subscriptions/", "Subnet id is an Azure resource id (/subscriptions/…)").optional(),
  tlsSidecar: z
    .object({
      image: z.string().trim().regex(/^[\w.-]+(?::\d+)?\/[\w./-]+@sha256:[0-9a-f]{64}$/, "Sidecar image must be pinned by digest (registry/name@sha256:…)"),
      certificateUrl: httpsUrl("Certificate URL"),
      clientCaUrl: httpsUrl("Client CA URL"),
      identityId: z.string().trim().startsWith("/subscriptions/", "Identity id is an Azure resource id (/subscriptions/…)"),
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
    subnets: z.array(nonEmpty("Subnet")).min(1, "At least one subnet is required"),
    securityGroups: z.array(nonEmpty("Security group")).min(1, "At least one security group is required"),
    executionRoleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, "Execution role must be an IAM role ARN"),
    ...awsTls,
  }),
  z.object({ kind: z.literal("azure-aci"), region, subscriptionId: z.string().uuid("Subscription id is a GUID"), resourceGroup: nonEmpty("Resource group"), ...azureTls }),
  z.object({ kind: z.literal("gcp-cloud-run"), region, projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "Project id: 6–30 lowercase letters, digits, hyphens"), ...gcpTls }),
]);

export const targetCredentials = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("aws-ecs"), accessKeyId: nonEmpty("Access key id"), secretAccessKey: nonEmpty("Secret access key"), sessionToken: z.string().optional() }),
  z.object({ kind: z.literal("azure-aci"), accessToken: nonEmpty("Access token") }),
  z.object({ kind: z.literal("gcp-cloud-run"), accessToken: nonEmpty("Access token") }),
]);

export const targetLabelKey = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "Label keys: lowercase letters, digits, hyphens");
export const MAX_LABEL_VALUE = 63;
export const targetLabels = z.record(targetLabelKey, z.string().max(MAX_LABEL_VALUE, `Label values: at most ${MAX_LABEL_VALUE} characters`));

export const createTargetInput = z
  .object({
    name: z.string().trim().regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "Name: 3–40 lowercase letters, digits and hyphens"),
    coordinates: targetCoordinates,
    credentials: targetCredentials,
    labels: targetLabels.default({}),
  })
  .refine((input) => input.coordinates.kind === input.credentials.kind, { path: ["credentials"], message: "Credentials must be for the same provider as the target" });
export type CreateTargetInput = z.infer<typeof createTargetInput>;

export const providerKind = z.enum(PROVIDER_KINDS);
