import { z } from "zod";
import { FIELD_INPUTS } from "@/providers/provider-descriptor";
import { PROVIDER_KINDS } from "@/providers/registry";
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
  kind: z.string().meta({ description: `${PROVIDER_KINDS.slice(0, -1).join(", ")} or ${PROVIDER_KINDS.at(-1)}` }),
  providerName: z.string().meta({ description: "The provider as people read it, e.g. \"AWS ECS (Fargate)\"" }),
  region: z.string(),
  coordinates: targetCoordinates.meta({ description: "The provider's coordinates (cluster, resource group, project…); never secret" }),
  tlsInfrastructure: z.array(z.string()).meta({ description: "What the target offers for encryption in transit, in words" }),
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

const formField = z.tuple([z.string(), z.string(), z.enum(FIELD_INPUTS)]);

/** targets.providers: each registered provider as the browser shows it (providers/provider-descriptor.ts), plain data. */
export const providerDescriptorListView = z.array(
  z.object({
    kind: z.string(),
    displayName: z.string(),
    form: z.object({ coordinates: z.array(formField), credentials: z.array(formField), tls: z.array(formField) }),
    identityPaths: z.array(z.string()),
  }),
);
