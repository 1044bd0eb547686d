// Pure: a DeploymentSpec checked against Cloud Run's rules, and turned into the exact ServicesClient
// request objects apply sends, so the UI can preview them. No I/O here.
import type { protos } from "@google-cloud/run";
import { ProviderError } from "../errors";
import { linksOf } from "../policy-rendering";
import type { DeploymentSpec, PlannedRequest, ProviderPlan, SpecProblem, TargetCoordinates } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { OPERATIONS } from "./operations";
import { egressRestricted, enforcementOf, INVOKER_ROLE, invokerPolicy, loadBalancerChecks, policyProblems, routesOf, serviceAccountOf, usesLoadBalancer } from "./policy-enforcement";
import { accountRequests, ownsAccount } from "./service-accounts";
import { DEFAULT_CONCURRENCY, envNameProblem, labelProblem, MAX_INSTANCES, MAX_LABELS, SERVICE_ID, SERVICE_ID_RULE, sizeProblems } from "./limits";
import { secretProblems, secretRequests, secretVariables } from "./secrets";

type CreateServiceRequest = protos.google.cloud.run.v2.ICreateServiceRequest;
type UpdateServiceRequest = protos.google.cloud.run.v2.IUpdateServiceRequest;
type Service = protos.google.cloud.run.v2.IService;

const PINNED_IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*@sha256:[0-9a-f]{64}$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
/** The one container of a Bulkhead service; Cloud Run names it in logs and probes. */
const CONTAINER_NAME = "app";

/** How each runtime hardening control is met on Cloud Run: by the request, by the platform, or not at all. */
export interface HardeningControl {
  control: string;
  enforcement: "set in the request" | "inherent to Cloud Run" | "not configurable on Cloud Run";
  detail: string;
}

/** A Cloud Run plan also says how hardening is met, since Cloud Run has no securityContext to show it in. */
export interface CloudRunPlan extends ProviderPlan {
  hardening: HardeningControl[];
  /**
   * With a spec policy: the service's whole invoker IAM policy (SetIamPolicy). Internal services admit
   * only their linked callers; no binding means no caller at all (default deny).
   */
  iamPolicy?: ReturnType<typeof invokerPolicy>;
}

export function gcpCoordinates(coordinates: TargetCoordinates): GcpCoordinates {
  if (coordinates.kind !== "gcp-cloud-run") throw new ProviderError("invalid", `A Cloud Run deployment needs Cloud Run coordinates, not ${coordinates.kind}`, "coordinates");
  return coordinates;
}

const locationName = (c: GcpCoordinates) => `projects/${c.projectId}/locations/${c.region}`;
export const serviceName = (c: GcpCoordinates, id: string) => `${locationName(c)}/services/${id}`;

export function validate(spec: DeploymentSpec, coordinates: TargetCoordinates): SpecProblem[] {
  if (coordinates.kind !== "gcp-cloud-run") return [{ field: "coordinates", message: `Cloud Run cannot deploy to a ${coordinates.kind} target` }];
  const problems: SpecProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (!PROJECT_ID.test(coordinates.projectId)) problem("coordinates.projectId", `Project id "${coordinates.projectId}" is not a Google Cloud project id (6–30 lowercase letters, digits or hyphens, starting with a letter)`);
  if (!REGION.test(coordinates.region)) problem("coordinates.region", `Region "${coordinates.region}" is not a Cloud Run region name such as europe-west1`);

  if (!SERVICE_ID.test(spec.name)) problem("name", `Service name "${spec.name}" is not allowed by Cloud Run: ${SERVICE_ID_RULE}`);
  if (!PINNED_IMAGE.test(spec.image)) {
    problem("image", `Image "${spec.image}" must be pinned by digest, as registry/repository@sha256:<64 hex characters>; tags such as :latest can change under a running service`);
  }
  if (!Number.isInteger(spec.memoryMiB)) problem("memoryMiB", `Memory must be a whole number of MiB; ${spec.memoryMiB} is not`);
  else for (const size of sizeProblems(spec.cpu, spec.memoryMiB)) problem(size.field === "cpu" ? "cpu" : "memoryMiB", `Cloud Run size rule: ${size.reason}`);

  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) problem("port", `Port must be between 1 and 65535; ${spec.port} is not`);

  const instances = (field: "minInstances" | "maxInstances", lowest: number) => {
    const value = spec[field];
    const ok = Number.isInteger(value) && value >= lowest && value <= MAX_INSTANCES;
    if (!ok) problem(field, `${field === "minInstances" ? "Minimum" : "Maximum"} instances must be a whole number from ${lowest} to ${MAX_INSTANCES}; ${value} is not`);
    return ok;
  };
  if (instances("minInstances", 0) && instances("maxInstances", 1) && spec.minInstances > spec.maxInstances) {
    problem("minInstances", `Minimum instances (${spec.minInstances}) must not exceed maximum instances (${spec.maxInstances})`);
  }

  if (!spec.healthCheckPath.startsWith("/")) problem("healthCheckPath", `Health check path must start with "/"; "${spec.healthCheckPath}" does not`);
  for (const name of Object.keys(spec.env)) {
    const reason = envNameProblem(name);
    if (reason) problem(`env.${name}`, `Environment variable: ${reason}`);
  }
  problems.push(...policyProblems(spec, coordinates), ...secretProblems(spec, coordinates));
  const labels = Object.entries(spec.labels);
  if (labels.length > MAX_LABELS) problem("labels", `Cloud Run takes at most ${MAX_LABELS} labels; the spec has ${labels.length}`);
  for (const [key, value] of labels) {
    const reason = labelProblem(key, value);
    if (reason) problem(`labels.${key}`, `Label: ${reason}`);
  }
  return problems;
}

/** Cloud Run CPU quantities: whole vCPUs as "1", fractions in millicores ("500m"). */
const cpuQuantity = (cpu: number) => (cpu >= 1 ? String(cpu) : `${Math.round(cpu * 1000)}m`);

function ingressOf(spec: DeploymentSpec, c: GcpCoordinates): Service["ingress"] {
  if (spec.ingress === "internal") return "INGRESS_TRAFFIC_INTERNAL_ONLY";
  // Only the target's load balancer (and its SSL policy) may then reach the service.
  return usesLoadBalancer(spec, c) ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" : "INGRESS_TRAFFIC_ALL";
}

/**
 * Policy and secret fields of the revision template; none without either, so such plans stay as they were. The
 * service runs as its own identity, so callees' IAM policies can name it and it can mint ID tokens for them,
 * and so each of its secrets can grant exactly it roles/secretmanager.secretAccessor.
 */
function policyTemplate(spec: DeploymentSpec, c: GcpCoordinates): Service["template"] {
  if (!ownsAccount(spec)) return {};
  return {
    serviceAccount: serviceAccountOf(spec.name, c),
    ...(egressRestricted(spec, c) ? { vpcAccess: { networkInterfaces: [{ network: c.vpc!.network, subnetwork: c.vpc!.subnetwork }], egress: "ALL_TRAFFIC" as const } } : {}),
  };
}

function serviceBody(spec: DeploymentSpec, c: GcpCoordinates): Service {
  const fractionalCpu = spec.cpu < 1;
  const probe = { httpGet: { path: spec.healthCheckPath, port: spec.port } };
  return {
    labels: { ...spec.labels },
    ingress: ingressOf(spec, c),
    template: {
      ...policyTemplate(spec, c),
      scaling: { minInstanceCount: spec.minInstances, maxInstanceCount: spec.maxInstances },
      // Less than 1 vCPU is only offered on the first generation, one request at a time, with CPU
      // allocated during requests (CPU limits page); whole vCPUs get the second generation's full Linux.
      executionEnvironment: fractionalCpu ? "EXECUTION_ENVIRONMENT_GEN1" : "EXECUTION_ENVIRONMENT_GEN2",
      maxInstanceRequestConcurrency: fractionalCpu ? 1 : DEFAULT_CONCURRENCY,
      containers: [
        {
          name: CONTAINER_NAME,
          image: spec.image,
          ports: [{ name: "http1", containerPort: spec.port }],
          // Plain values, then each secret from its Secret Manager version (read by Cloud Run when a revision starts).
          env: [...Object.entries(spec.env).map(([name, value]) => ({ name, value })), ...secretVariables(spec, c)],
          resources: { limits: { cpu: cpuQuantity(spec.cpu), memory: `${spec.memoryMiB}Mi` }, cpuIdle: true },
          // Up to 2 minutes to boot (24 checks 5 s apart); once up, restarted after 3 failed checks 10 s apart.
          startupProbe: { ...probe, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 },
          livenessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
        },
      ],
    },
  };
}

/**
 * The two requests apply may send: CreateService, and, when the service already exists (a retried or
 * repeated apply), UpdateService with the same body — a full replacement, so the result is the same.
 */
export function serviceRequests(spec: DeploymentSpec, coordinates: TargetCoordinates): { create: CreateServiceRequest; update: UpdateServiceRequest } {
  const c = gcpCoordinates(coordinates);
  return {
    create: { parent: locationName(c), serviceId: spec.name, service: serviceBody(spec, c) },
    update: { service: { name: serviceName(c, spec.name), ...serviceBody(spec, c) } },
  };
}

const HARDENING: HardeningControl[] = [
  { control: "privileged containers", enforcement: "inherent to Cloud Run", detail: "Cloud Run has no privileged mode; every instance runs in its own sandbox (gVisor on the first generation, a micro-VM on the second)." },
  { control: "privilege escalation and Linux capabilities", enforcement: "not configurable on Cloud Run", detail: "Cloud Run has no securityContext; the sandbox, not the container's capability set, limits what the process can reach." },
  { control: "non-root user", enforcement: "not configurable on Cloud Run", detail: "Cloud Run runs the image's USER and offers no runAsUser: the approved base image must set a non-root USER." },
  { control: "read-only root filesystem", enforcement: "not configurable on Cloud Run", detail: "Cloud Run's filesystem is writable, in memory, and discarded with the instance; nothing written persists." },
  { control: "TLS on ingress", enforcement: "inherent to Cloud Run", detail: "The service URL is HTTPS only, with a Google-managed certificate." },
  { control: "network exposure", enforcement: "set in the request", detail: "ingress: INGRESS_TRAFFIC_ALL for public apps, INGRESS_TRAFFIC_INTERNAL_ONLY for internal ones." },
];

/**
 * Who may invoke the service, and, for each callee this app may call, its grant there. The callee's policy is replaced
 * whole with the linked callers whose accounts exist (the preview names them all); a caller deployed later adds itself.
 */
function invokerRequests(spec: DeploymentSpec, c: GcpCoordinates): PlannedRequest[] {
  if (!spec.policy) return [];
  const member = `serviceAccount:${serviceAccountOf(spec.name, c)}`;
  const callees = linksOf(spec).outbound.map((l) => serviceName(c, l.to));
  return [
    { operation: OPERATIONS.setInvokers, body: { resource: serviceName(c, spec.name), policy: invokerPolicy(spec, c) } },
    ...(callees.length ? [{ operation: OPERATIONS.grantCallee, body: { resources: [...new Set(callees)].sort(), addMember: { role: INVOKER_ROLE, member } } }] : []),
  ];
}

export function plan(spec: DeploymentSpec, coordinates: TargetCoordinates): CloudRunPlan {
  const { create, update } = serviceRequests(spec, coordinates);
  const c = gcpCoordinates(coordinates);
  const checks = spec.policy ? loadBalancerChecks(spec, c) : [];
  return {
    kind: "gcp-cloud-run",
    requests: [
      ...accountRequests(spec, c),
      ...secretRequests(spec, c),
      { operation: OPERATIONS.createService, body: create },
      { operation: OPERATIONS.updateService, body: update },
      ...invokerRequests(spec, c),
    ],
    ...(checks.length ? { checks } : {}),
    hardening: HARDENING,
    ...(spec.policy ? { enforcement: enforcementOf(spec, c), routes: routesOf(spec, c), iamPolicy: invokerPolicy(spec, c) } : {}),
  };
}
