import { z } from "zod";
import { PROVIDER_KINDS } from "@/providers/types";

// What an operator enters to register a target. Credentials are write-only: accepted here, sealed at
// rest, never returned.

const region = z.string().trim().regex(/^[a-z]{2,}[a-z0-9-]*[0-9a-z]$/, "Region looks like eu-west-1, westeurope or europe-west1");
const nonEmpty = (what: string) => z.string().trim().min(1, `${what} is required`).max(512);

export const targetCoordinates = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("aws-ecs"),
    region,
    cluster: nonEmpty("Cluster"),
    subnets: z.array(nonEmpty("Subnet")).min(1, "At least one subnet is required"),
    securityGroups: z.array(nonEmpty("Security group")).min(1, "At least one security group is required"),
    executionRoleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, "Execution role must be an IAM role ARN"),
  }),
  z.object({ kind: z.literal("azure-aci"), region, subscriptionId: z.string().uuid("Subscription id is a GUID"), resourceGroup: nonEmpty("Resource group") }),
  z.object({ kind: z.literal("gcp-cloud-run"), region, projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "Project id: 6–30 lowercase letters, digits, hyphens") }),
]);

export const targetCredentials = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("aws-ecs"), accessKeyId: nonEmpty("Access key id"), secretAccessKey: nonEmpty("Secret access key"), sessionToken: z.string().optional() }),
  z.object({ kind: z.literal("azure-aci"), accessToken: nonEmpty("Access token") }),
  z.object({ kind: z.literal("gcp-cloud-run"), accessToken: nonEmpty("Access token") }),
]);

export const targetLabels = z.record(
  z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "Label keys: lowercase letters, digits, hyphens"),
  z.string().max(63, "Label values: at most 63 characters"),
);

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
