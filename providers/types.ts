// The contract between Bulkhead's control plane and a cloud. Knows nothing of server/ or app/.
// An adapter turns a normalized DeploymentSpec into provider-native requests (a pure plan), applies
// them through the provider's official SDK, reads status back and destroys.

export const PROVIDER_KINDS = ["aws-ecs", "azure-aci", "gcp-cloud-run"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** What to run, the same for every cloud. Validated for shape by the server before it gets here. */
export interface DeploymentSpec {
  /** Cloud resource name: lowercase letters, digits, hyphens; starts with a letter; at most 49. */
  name: string;
  /** Image pinned by digest: registry/repository@sha256:<64 hex>. */
  image: string;
  /** vCPU, e.g. 0.25, 0.5, 1, 2, 4. */
  cpu: number;
  memoryMiB: number;
  /** Container port, 1–65535. */
  port: number;
  env: Record<string, string>;
  minInstances: number;
  maxInstances: number;
  ingress: "public" | "internal";
  /** HTTP path probed for health, e.g. "/healthz". */
  healthCheckPath: string;
  /** Free-form tags put on the cloud resource (Bulkhead app id, revision...). */
  labels: Record<string, string>;
}

export interface AwsCoordinates {
  kind: "aws-ecs";
  region: string;
  cluster: string;
  subnets: string[];
  securityGroups: string[];
  executionRoleArn: string;
}

export interface AzureCoordinates {
  kind: "azure-aci";
  region: string;
  subscriptionId: string;
  resourceGroup: string;
}

export interface GcpCoordinates {
  kind: "gcp-cloud-run";
  region: string;
  projectId: string;
}

export type TargetCoordinates = AwsCoordinates | AzureCoordinates | GcpCoordinates;

/** Secrets to call a cloud. Never logged, never returned to a browser, never in an audit diff. */
export type ProviderCredentials =
  | { kind: "aws-ecs"; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { kind: "azure-aci"; accessToken: string }
  | { kind: "gcp-cloud-run"; accessToken: string };

/** Where and how to reach one target. `endpoint` (and `caCertificate`) point an SDK at an emulator. */
export interface TargetConnection {
  coordinates: TargetCoordinates;
  credentials: ProviderCredentials;
  endpoint?: string;
  /** PEM of the certificate to trust for `endpoint` (the Azure emulator serves self-signed HTTPS). */
  caCertificate?: string;
  /** SDK-level retries; the job layer retries too. Tests set 1 to see every fault. */
  maxAttempts?: number;
}

/** A problem with a spec for this provider, found before any cloud call. */
export interface SpecProblem {
  field: keyof DeploymentSpec | string;
  message: string;
}

/** One provider-native request, as it will be sent: shown to the user as the deployment preview. */
export interface PlannedRequest {
  operation: string;
  body: unknown;
}

export interface ProviderPlan {
  kind: ProviderKind;
  requests: PlannedRequest[];
}

/** Identifies what apply created, so status and destroy can find it again. */
export interface ResourceRef {
  kind: ProviderKind;
  /** Provider-native id: service ARN, container group resource id, Cloud Run service name. */
  id: string;
  name: string;
}

export type ResourcePhase = "pending" | "running" | "failed" | "absent";

export interface ResourceStatus {
  phase: ResourcePhase;
  message: string;
  /** Where the app answers, when the provider gives one. */
  url?: string;
  runningInstances?: number;
}

/** Optional abilities are declared, not discovered by try/catch. */
export interface ProviderCapabilities {
  managedTls: boolean;
  privateIngress: boolean;
  scaleToZero: boolean;
  maxCpu: number;
  maxMemoryMiB: number;
}

export interface ProviderAdapter {
  kind: ProviderKind;
  displayName: string;
  capabilities: ProviderCapabilities;
  /** Provider rules (sizes, names, ranges) checked before any cloud call; empty when fine. */
  validate(spec: DeploymentSpec, coordinates: TargetCoordinates): SpecProblem[];
  /** Pure: the requests apply will send. */
  plan(spec: DeploymentSpec, coordinates: TargetCoordinates): ProviderPlan;
  /**
   * Creates or updates the resource to match the spec. Idempotent: called again with the same
   * idempotencyKey (a retried job) it never creates a second resource.
   */
  apply(spec: DeploymentSpec, connection: TargetConnection, idempotencyKey: string): Promise<ResourceRef>;
  status(ref: ResourceRef, connection: TargetConnection): Promise<ResourceStatus>;
  /** Removes the resource; succeeds if it is already gone. */
  destroy(ref: ResourceRef, connection: TargetConnection): Promise<void>;
}
