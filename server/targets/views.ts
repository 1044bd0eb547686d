import { z } from "zod";
import { targetCoordinates, targetLabels } from "./schemas";

// What targets.list and targets.get answer (never credentials): checked on the way out, and the OpenAPI document's description.

/** Which credentials a target holds, never what they are (./credential-summary.ts makes it). */
export const credentialSummary = z.object({
  kind: z.string(),
  /** e.g. "access key AKIA…MPLE assuming arn:aws:iam::123456789012:role/deployer (external id set)". */
  identity: z.string(),
  /** HMAC-SHA-256 of the credentials under a key derived from the credentials key, first 16 hex digits. */
  fingerprint: z.string(),
});

export const targetView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string().meta({ description: "aws-ecs, azure-aci or gcp-cloud-run" }),
  region: z.string(),
  coordinates: targetCoordinates.meta({ description: "The provider's coordinates (cluster, resource group, project…); never secret" }),
  labels: targetLabels.meta({ description: "Placement labels, e.g. {\"residency\": \"eu\", \"zone\": \"private\"}" }),
  sandbox: z.boolean(),
  createdAt: z.date(),
  endpoint: z.string().nullable().meta({ description: "An endpoint other than the provider's public one; shown to IT operations, compliance and admins" }),
  caCertificate: z.string().nullable(),
  credentialsSummary: credentialSummary.nullable().meta({ description: "Which credentials, never what they are: an identity and a fingerprint" }),
  credentialsRotatedAt: z.date().nullable(),
  disabledAt: z.date().nullable().meta({ description: "Set while the target takes no new deploys" }),
  disabledReason: z.string(),
  lastCheck: z.object({ id: z.string(), status: z.string(), message: z.string(), createdAt: z.date(), finishedAt: z.date().nullable() }).nullable(),
  can: z.object({ edit: z.boolean(), rotateCredentials: z.boolean(), testConnection: z.boolean(), disable: z.boolean(), enable: z.boolean(), delete: z.boolean() }),
}).meta({ id: "Target" });

export const targetListView = z.array(targetView);
