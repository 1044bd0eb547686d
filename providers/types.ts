// The contract between Bulkhead's control plane and a cloud. Knows nothing of server/ or app/.
// An adapter turns a normalized DeploymentSpec into provider-native requests (a pure plan), applies
// them through the provider's official SDK, reads status back and destroys.

// The unions over providers come from the registry (each provider's own schemas), so a new provider adds nothing here.
export type { ProviderCredentials, ProviderKind, TargetCoordinates } from "./registry";
import type { ProviderCredentials, ProviderKind, TargetCoordinates } from "./registry";
import type { TlsVersion } from "./tls-versions";
export { TLS_VERSIONS, type TlsVersion } from "./tls-versions";
export type { FieldInput, FormField, ProviderDescriptor } from "./provider-descriptor";

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
  /**
   * Secrets the container receives as environment variables, by reference only: a spec, a plan and a revision
   * never hold a value. apply gets the values beside the spec and delivers them through the provider's own
   * secret store or secure field.
   */
  secrets?: SecretReference[];
  /**
   * The platform's rules for this deployment, resolved by the server. Optional so a spec without
   * policy plans exactly as before; with it, the plan renders every setting onto native constructs
   * and says what enforces each one, or validate refuses naming the setting.
   */
  policy?: DeploymentPolicy;
}

/** One secret as a spec names it: the variable, Bulkhead's version of the secret, and its fingerprint. */
export interface SecretReference {
  /** The environment variable the container sees; never also a key of `env`. */
  name: string;
  /** 1, 2, …: every rotation is a new version. */
  version: number;
  /** Truncated HMAC-SHA-256 of the value under a server key: tells versions apart without revealing them. */
  fingerprint: string;
}

/** The values of a spec's secrets for one apply, by name. Only apply receives them. */
export type SecretValues = Readonly<Record<string, string>>;

/** Encryption in transit, abstract: each adapter maps it onto its own constructs. `true` = required. */
export interface EncryptionPolicy {
  ingressTlsRequired: boolean;
  /** Applies whenever ingress TLS is required. */
  minTlsVersion: TlsVersion;
  httpRedirectToHttps: boolean;
  serviceToServiceEncrypted: boolean;
  serviceToServiceMutualAuth: boolean;
  /** Egress only over TLS (port 443) and only to `egressAllowList`. */
  egressRestricted: boolean;
  /** Destinations: host names ("api.example.com", "*.example.com") or IPv4 CIDRs ("10.0.0.0/8"). */
  egressAllowList: string[];
}

/** The settings a plan reports on; `egressAllowList` belongs to `egressRestricted`. */
export const ENCRYPTION_SETTINGS = ["ingressTlsRequired", "minTlsVersion", "httpRedirectToHttps", "serviceToServiceEncrypted", "serviceToServiceMutualAuth", "egressRestricted"] as const;
export type EncryptionSetting = (typeof ENCRYPTION_SETTINGS)[number];

/** Runtime hardening; a provider that cannot apply one says so in its plan instead of refusing. */
export interface RuntimeHardening {
  nonRoot: boolean;
  readOnlyRootFilesystem: boolean;
  noPrivileged: boolean;
  dropCapabilities: boolean;
}
export const HARDENING_SETTINGS = ["nonRoot", "readOnlyRootFilesystem", "noPrivileged", "dropCapabilities"] as const;
export type HardeningSetting = (typeof HARDENING_SETTINGS)[number];

/** An approved zero-trust link: app `from` may call app `to` on `port`. Apps are named by their spec name. */
export interface NetworkLink {
  from: string;
  to: string;
  port: number;
}

export interface DeploymentPolicy {
  encryption?: EncryptionPolicy;
  hardening?: RuntimeHardening;
  /** The approved links touching this app; anything else is denied. */
  links?: NetworkLink[];
  /**
   * The app's data must be processed in confidential compute (hardware-encrypted memory): its classification's
   * placement asks for targets labelled confidential-compute=true. A provider that offers it per workload (ACI's
   * Confidential SKU) uses it; absent or false: the provider's standard runtime.
   */
  confidentialCompute?: boolean;
}

export type PolicySetting = EncryptionSetting | HardeningSetting;

/**
 * What enforces one setting on this provider: a field of the request ("request"), the provider
 * itself ("inherent"), something the target provides and the plan names ("target"), nothing because
 * the policy does not ask for it ("not required"), or nothing at all ("unsupported").
 */
export interface SettingEnforcement {
  setting: PolicySetting;
  by: "request" | "inherent" | "target" | "not required" | "unsupported";
  /** The native construct, e.g. "Service Connect TLS (serviceConnectConfiguration.services[].tls)". */
  construct: string;
  detail: string;
  /**
   * What backs an "enforced" claim (by "request" or "target"): the planned request that sends the construct
   * (its `operation` in `requests`), or the read-back apply makes of a resource the target declares (its
   * `operation` in `checks`). A claim with neither is not enforcement.
   */
  evidence?: { request: string } | { check: string };
}

/** A read apply makes before it changes anything, and what it requires, e.g. the target's HTTPS listener and its TLS policy. */
export interface PlannedCheck {
  operation: string;
  /** What is read, e.g. "the target's HTTPS listener arn:aws:…". */
  reads: string;
  /** What apply requires of it; otherwise apply refuses, naming it. */
  requires: string;
}

/** One allowed app-to-app route, as the provider's native rule. */
export interface PlannedRoute {
  direction: "inbound" | "outbound";
  peer: string;
  port: number;
  construct: string;
  rule: unknown;
}

/** Per-setting capability: what the provider can do on its own, with target help, or not at all. */
export type PolicySupport = "native" | "with target" | "no";
export type PolicyCapabilities = Record<PolicySetting | "links", PolicySupport>;

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
  /** Reads apply makes of what the target declares (listeners, subnets, TLS policies) before it sends `requests`. */
  checks?: PlannedCheck[];
  /** What the plan cannot do that the developer should know, in words (e.g. no health check without a load balancer). */
  warnings?: string[];
  /** With a spec policy: setting by setting, what enforces it (the deployment preview shows this). */
  enforcement?: SettingEnforcement[];
  /** With a spec policy: the only app-to-app routes allowed (default deny), and how. */
  routes?: PlannedRoute[];
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
  /** Instances running now, as the cloud counts them (not the configured minimum). */
  runningInstances?: number;
}

/** A setting whose value in the cloud differs from what the applied spec asked for. */
export interface DriftedSetting {
  /** The spec's or the native construct's name, e.g. "minInstances", "image", "securityGroup.ingress". */
  field: string;
  expected: unknown;
  actual: unknown;
}

/** The cloud read back against the spec apply last sent: the resource is gone, or the settings that differ (none: in sync). */
export type Observation = { missing: true } | { missing: false; drift: DriftedSetting[] };

/** One line a container printed, as the cloud's log service keeps it. */
export interface LogLine {
  /** When the container wrote it: ISO 8601 with milliseconds, UTC. */
  time: string;
  /** The line as printed, without its trailing newline. */
  message: string;
  /** Which instance wrote it (task id, container group, Cloud Run instance id, pod name), when the cloud says. */
  instance?: string;
}

/** Which lines `logs` answers. Every provider gives `filter` the same meaning, whatever its cloud's own filter syntax. */
export interface LogQuery {
  /** Only lines written at or after this time. */
  since?: Date;
  /** Only lines written before this time; ignored when following. */
  until?: Date;
  /** Only lines containing this text (case-sensitive). */
  filter?: string;
  /** At most this many of the newest lines written before following starts (default 1000). */
  limit?: number;
  /** After the lines so far, keep yielding each new line as the cloud delivers it, until `signal` aborts. */
  follow?: boolean;
  signal?: AbortSignal;
}

/** Something the cloud says happened to the resource: placement, image pulled, a failing probe, a task stopped and why. */
export interface CloudEvent {
  /** ISO 8601, UTC. */
  time: string;
  /** "warning" for a failure (failing probe, pull error, stopped task, failed rollout); "normal" otherwise. */
  severity: "normal" | "warning";
  /** The cloud's own words, unchanged. */
  message: string;
  /** Where the cloud reports it, in its terms, e.g. "ECS service event", "stopped task 3f2a…", "instance view of container app". */
  source: string;
}

/** Optional abilities are declared, not discovered by try/catch. */
export interface ProviderCapabilities {
  managedTls: boolean;
  privateIngress: boolean;
  scaleToZero: boolean;
  maxCpu: number;
  maxMemoryMiB: number;
  /** How each policy setting can be met; absent for an adapter that predates policy. */
  policy?: PolicyCapabilities;
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
   * idempotencyKey (a retried job) it never creates a second resource. `secrets` holds a value for every
   * secret the spec names; they go to the provider's secret store or secure field, never into a log or error.
   */
  apply(spec: DeploymentSpec, connection: TargetConnection, idempotencyKey: string, secrets?: SecretValues): Promise<ResourceRef>;
  status(ref: ResourceRef, connection: TargetConnection): Promise<ResourceStatus>;
  /**
   * Reads back what apply made for `spec` (the service or group, and every construct the plan claims enforces a
   * setting) and says what differs. Never changes anything.
   */
  observe(spec: DeploymentSpec, ref: ResourceRef, connection: TargetConnection): Promise<Observation>;
  /**
   * The container's log lines through the cloud's own log service, oldest first. Without `follow` the iterable ends after
   * the lines of the range; with it, it keeps going until `query.signal` aborts. Throws a ProviderError the way status does.
   */
  logs(ref: ResourceRef, connection: TargetConnection, query: LogQuery): AsyncIterable<LogLine>;
  /** What the cloud reports about the resource, newest first, at most 100: its events and why instances stopped. */
  events(ref: ResourceRef, connection: TargetConnection): Promise<CloudEvent[]>;
  /** Removes the resource and the secret copies apply made for it; succeeds if they are already gone. */
  destroy(ref: ResourceRef, connection: TargetConnection): Promise<void>;
  /**
   * A cheap authenticated read (a list of at most one resource where the target's deployments go) that proves
   * the credentials, the coordinates and the endpoint together; resolves with what the provider answered, in
   * words, or throws a ProviderError saying what failed. Changes nothing.
   */
  testConnection(connection: TargetConnection): Promise<string>;
}
