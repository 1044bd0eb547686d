import { z } from "zod";
import { DataClassification, DeploymentStatus } from "@/server/db/generated/enums";
import type { PolicyDecision } from "@/server/policy/evaluate";
import { REASON_CODES } from "@/server/policy/schemas";
import { resolvedImageRecord } from "./resolved-image";
import { PROVIDER_KINDS } from "@/providers/registry";
import { ENCRYPTION_SETTINGS, HARDENING_SETTINGS, TLS_VERSIONS, type DeploymentSpec, type ProviderPlan, type ResourceRef } from "@/providers/types";

// What the deployments procedures answer: checked on the way out, and the OpenAPI document's description of it.
// The spec, decision and plan describe providers/types.ts' and server/policy/evaluate.ts' types for the OpenAPI
// document. They are loose (the fields listed are checked, any others pass through untouched): providers put fields
// of their own in their plans (Azure's resource group beside each request, Cloud Run's invoker IAM policy), and an
// answer must not lose them. Each is typed as the interface it describes (which the schema's output must satisfy).
// The same schemas parse the JSON columns that hold them where they leave the database (./stored.ts).
const describing = <T>(schema: z.ZodType<T>): z.ZodType<T> => schema;

const setting = z.enum([...ENCRYPTION_SETTINGS, ...HARDENING_SETTINGS]);

const secretReference = z.object({ name: z.string(), version: z.number().int(), fingerprint: z.string() });

const deploymentPolicy = z.object({
  encryption: z
    .object({
      ingressTlsRequired: z.boolean(),
      minTlsVersion: z.enum(TLS_VERSIONS),
      httpRedirectToHttps: z.boolean(),
      serviceToServiceEncrypted: z.boolean(),
      serviceToServiceMutualAuth: z.boolean(),
      egressRestricted: z.boolean(),
      egressAllowList: z.array(z.string()),
    })
    .optional(),
  hardening: z.object({ nonRoot: z.boolean(), readOnlyRootFilesystem: z.boolean(), noPrivileged: z.boolean(), dropCapabilities: z.boolean() }).optional(),
  links: z.array(z.object({ from: z.string(), to: z.string(), port: z.number().int() })).optional(),
});

export const deploymentSpecView = describing<DeploymentSpec>(z.looseObject({
  name: z.string(),
  image: z.string(),
  cpu: z.number(),
  memoryMiB: z.number(),
  port: z.number(),
  env: z.record(z.string(), z.string()),
  minInstances: z.number(),
  maxInstances: z.number(),
  ingress: z.enum(["public", "internal"]),
  healthCheckPath: z.string(),
  labels: z.record(z.string(), z.string()),
  secrets: z.array(secretReference).optional(),
  policy: deploymentPolicy.optional(),
}).meta({ id: "DeploymentSpec" }));

const enforcement = z.object({
  setting,
  by: z.enum(["request", "inherent", "target", "not required", "unsupported"]),
  construct: z.string(),
  detail: z.string(),
  evidence: z.union([z.object({ request: z.string() }), z.object({ check: z.string() })]).optional().meta({ description: "The planned request or read-back check that backs an enforced row" }),
});

/** One reason of a policy decision (server/policy/evaluate.ts' Reason): also what a break-glass override waives. */
export const policyReason = z.object({
  code: z.enum(REASON_CODES),
  subject: z.string(),
  message: z.string(),
});

export const policyDecisionView = describing<PolicyDecision>(z.looseObject({
  allowed: z.boolean(),
  reasons: z.array(policyReason),
  waived: z.array(policyReason).optional(),
  warnings: z.array(policyReason),
  enforcement: z.array(enforcement),
  policy: deploymentPolicy,
  judgedOn: z.object({ id: z.string(), name: z.string(), version: z.string(), by: z.enum(["declaration", "layers"]) }).optional(),
  signedBy: z.object({ name: z.string(), scope: z.string(), fingerprint: z.string(), layout: z.enum(["sigstore-bundle", "cosign-tag"]) }).optional(),
}).meta({ id: "PolicyDecision" }));

export const providerPlanView = describing<ProviderPlan>(z.looseObject({
  kind: z.enum(PROVIDER_KINDS),
  requests: z.array(z.looseObject({ operation: z.string(), body: z.unknown().meta({ description: "The request as the provider's API takes it" }) })),
  enforcement: z.array(enforcement).optional(),
  routes: z.array(z.object({ direction: z.enum(["inbound", "outbound"]), peer: z.string(), port: z.number(), construct: z.string(), rule: z.unknown() })).optional(),
  checks: z.array(z.object({ operation: z.string(), reads: z.string(), requires: z.string() })).optional(),
}).meta({ id: "ProviderPlan" }));

/** Where a deployment runs on its cloud, as the adapter's apply answered it (providers/types.ts' ResourceRef). */
export const resourceRefView = describing<ResourceRef>(z.object({ kind: z.enum(PROVIDER_KINDS), id: z.string(), name: z.string() }).meta({ id: "ResourceRef" }));

/** deployments.preview: what a deploy would send and what policy says of it; no plan when policy refuses. */
export const previewView = z.object({
  target: z.object({ name: z.string(), kind: z.string() }),
  spec: deploymentSpecView,
  image: resolvedImageRecord.nullable().meta({ description: "The image as its registry resolved it for the target's platform; null when the team holds no credentials for its registry" }),
  decision: policyDecisionView.nullable(),
  plan: providerPlanView.nullable(),
}).meta({ id: "DeploymentPreview" });

const status = z.enum(DeploymentStatus);

export const deploymentSummaryView = z.object({
  id: z.string(),
  status,
  statusMessage: z.string(),
  desiredRevision: z.number().int(),
  runningRevision: z.number().int().nullable(),
  url: z.string().nullable(),
  updatedAt: z.date(),
  app: z.object({ id: z.string(), name: z.string() }),
  target: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
}).meta({ id: "DeploymentSummary" });
export const deploymentListView = z.array(deploymentSummaryView);

/** One deployment with its revisions (newest first) and status timeline (newest first, at most 100 events). */
export const deploymentView = z.object({
  id: z.string(),
  appId: z.string(),
  teamId: z.string(),
  targetId: z.string(),
  resourceName: z.string(),
  status,
  statusMessage: z.string(),
  desiredRevision: z.number().int(),
  runningRevision: z.number().int().nullable(),
  resourceRef: resourceRefView.nullable(),
  url: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  app: z.object({ id: z.string(), name: z.string(), classification: z.enum(DataClassification), baseImageId: z.string().nullable(), team: z.object({ slug: z.string() }) }),
  target: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  revisions: z.array(
    z.object({
      number: z.number().int(),
      reason: z.string(),
      spec: deploymentSpecView,
      plan: providerPlanView,
      decision: policyDecisionView.nullable(),
      resolvedImage: resolvedImageRecord.nullable(),
      createdAt: z.date(),
    }),
  ),
  events: z.array(z.object({ id: z.string(), at: z.date(), status, message: z.string(), revision: z.number().int().nullable() })),
  driftCheckedAt: z.date().nullable(),
  drift: z.array(z.object({ field: z.string(), expected: z.unknown(), actual: z.unknown() })).nullable().meta({ description: "What the cloud runs that differs from the running revision, as last read back; null when in sync" }),
  driftSince: z.date().nullable(),
  can: z.object({ change: z.boolean(), checkDrift: z.boolean() }),
}).meta({ id: "Deployment" });

/** What deploy, rollback and scale answer: the deployment with its new revision queued. */
export const revisionQueuedView = z.object({
  id: z.string(),
  status,
  desiredRevision: z.number().int(),
  runningRevision: z.number().int().nullable(),
  targetId: z.string(),
  appId: z.string(),
}).meta({ id: "RevisionQueued" });

export const destroyQueuedView = z.object({ id: z.string(), status });
