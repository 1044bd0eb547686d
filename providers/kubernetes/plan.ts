// Pure: a DeploymentSpec checked against Kubernetes' rules, and turned into the exact objects apply sends by
// server-side apply, in order, so the UI can preview them. No I/O here.
import { ProviderError } from "../errors";
import { secretField, secretReferenceProblems } from "../secrets";
import type { DeploymentSpec, PlannedRequest, ProviderPlan, SecretValues, SpecProblem, TargetCoordinates } from "../types";
import { appEgressPolicy, allowDnsPolicy, appIngressPolicy, defaultDenyPolicy, routesOf } from "./network-policies";
import { namespaceOf, namespaceProblem, TEAM_LABEL } from "./naming";
import { deploymentObject, ingressObject, namespaceObject, replicasOf, secretObject, serviceObject } from "./objects";
import { applyOperation } from "./operations";
import { enforcementOf, ingressChecks, policyProblems } from "./policy-enforcement";
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE, type KubernetesCoordinates } from "./target-schema";

const PINNED_IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*@sha256:[0-9a-f]{64}$/;
/** Names become Service names, which must be DNS-1035 labels: start with a letter (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names). */
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Environment variable names and Secret keys the API server accepts (a C identifier, plus "-" and "."). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const REGION = /^[a-z]{2,}[a-z0-9-]*[0-9a-z]$/;
/** Limits Bulkhead offers on Kubernetes: a generous node's worth. */
export const MAX_CPU = 64;
export const MAX_MEMORY_MIB = 262_144;
const MAX_INSTANCES = 1000;

export function kubernetesCoordinates(coordinates: TargetCoordinates): KubernetesCoordinates {
  if (coordinates.kind !== "kubernetes") throw new ProviderError("invalid", `A Kubernetes deployment needs Kubernetes coordinates, not ${coordinates.kind}`, "coordinates");
  return coordinates;
}

export function validate(spec: DeploymentSpec, coordinates: TargetCoordinates): SpecProblem[] {
  if (coordinates.kind !== "kubernetes") return [{ field: "coordinates", message: `Kubernetes cannot deploy to a ${coordinates.kind} target` }];
  const problems: SpecProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (!REGION.test(coordinates.region)) problem("coordinates.region", `Region "${coordinates.region}" is not a region label such as eu-west-1`);
  if (coordinates.namespacePrefix !== undefined && !DNS_LABEL.test(coordinates.namespacePrefix)) problem("coordinates.namespacePrefix", `Namespace prefix "${coordinates.namespacePrefix}" is not lowercase letters, digits and hyphens`);
  const namespace = namespaceProblem(namespaceOf(spec, coordinates));
  if (namespace) problem(spec.labels[TEAM_LABEL] ? `labels.${TEAM_LABEL}` : "coordinates.namespacePrefix", namespace);

  if (spec.name.length > 49 || !DNS_1035.test(spec.name)) problem("name", `Name "${spec.name}" is not allowed by Kubernetes: 1–49 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen`);
  if (!PINNED_IMAGE.test(spec.image)) problem("image", `Image "${spec.image}" must be pinned by digest, as registry/repository@sha256:<64 hex characters>; tags such as :latest can change under a running Deployment`);
  const millicores = spec.cpu * 1000;
  if (!Number.isFinite(spec.cpu) || spec.cpu <= 0 || spec.cpu > MAX_CPU || Math.abs(millicores - Math.round(millicores)) > 1e-9) {
    problem("cpu", `CPU must be from 0.001 to ${MAX_CPU} vCPU in whole millicores; ${spec.cpu} is not`);
  }
  if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < 16 || spec.memoryMiB > MAX_MEMORY_MIB) problem("memoryMiB", `Memory must be a whole number of MiB from 16 to ${MAX_MEMORY_MIB}; ${spec.memoryMiB} is not`);
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
    if (!ENV_NAME.test(name)) problem(`env.${name}`, `Environment variable "${name}": letters, digits, "_", "-" and ".", not starting with a digit`);
  }
  problems.push(...secretReferenceProblems(spec));
  for (const ref of spec.secrets ?? []) {
    if (!ENV_NAME.test(ref.name)) problem(secretField(ref), `Secret "${ref.name}": letters, digits, "_", "-" and ".", not starting with a digit (it is an environment variable and a Secret key)`);
  }
  for (const [key, value] of Object.entries(spec.labels)) {
    if (!LABEL_KEY.test(key)) problem(`labels.${key}`, `Label key "${key}" is not a Kubernetes label key (an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" and ".")`);
    else if (!LABEL_VALUE.test(value)) problem(`labels.${key}`, `Label value "${value}" is not a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends)`);
  }
  problems.push(...policyProblems(spec, coordinates));
  return problems;
}

const requestFor = (object: { kind: string; metadata: { name: string; namespace?: string } }): PlannedRequest => ({ operation: applyOperation(object.kind, object.metadata.namespace, object.metadata.name), body: object });

/**
 * The objects apply sends, in order: the team's namespace and its default deny (which every later object relies on),
 * the app's Secret, Deployment, Service and (public apps) Ingress, then the app's own NetworkPolicies. `values` fills
 * the Secret in; a plan has placeholders there.
 */
export function objectsOf(spec: DeploymentSpec, c: KubernetesCoordinates, values?: SecretValues) {
  const namespace = namespaceOf(spec, c);
  return {
    namespace: [namespaceObject(namespace, spec.labels[TEAM_LABEL]), defaultDenyPolicy(namespace), allowDnsPolicy(namespace)],
    app: [
      ...(spec.secrets?.length ? [secretObject(spec, namespace, values)] : []),
      deploymentObject(spec, namespace, c),
      serviceObject(spec, namespace),
      ...(spec.ingress === "public" ? [ingressObject(spec, namespace, c)] : []),
      appIngressPolicy(spec, namespace),
      appEgressPolicy(spec, namespace),
    ],
  };
}

function warningsOf(spec: DeploymentSpec, c: KubernetesCoordinates): string[] {
  return [
    ...(spec.maxInstances > replicasOf(spec) ? [`The Deployment runs ${replicasOf(spec)} pod(s); scaling up to ${spec.maxInstances} needs a HorizontalPodAutoscaler (and a metrics server), which this plan does not make.`] : []),
    ...(spec.minInstances === 0 ? ["Kubernetes does not scale a Deployment to zero on demand: one pod keeps running."] : []),
    ...(spec.ingress === "public" && !c.ingress ? ["The target declares no ingress controller: the Ingress uses the cluster's default class, over plain HTTP."] : []),
    ...(spec.ingress === "public" && !c.ingress?.domain ? ["The target names no ingress domain: the Ingress has no host and answers for every host its controller serves."] : []),
    "The namespace enforces Pod Security restricted: the image must run as a numeric non-root USER, or its pods are refused.",
  ];
}

export function plan(spec: DeploymentSpec, coordinates: TargetCoordinates): ProviderPlan {
  const c = kubernetesCoordinates(coordinates);
  const objects = objectsOf(spec, c);
  const checks = ingressChecks(spec, c);
  return {
    kind: "kubernetes",
    requests: [...objects.namespace, ...objects.app].map(requestFor),
    ...(checks.length ? { checks } : {}),
    warnings: warningsOf(spec, c),
    ...(spec.policy ? { enforcement: enforcementOf(spec, c), routes: routesOf(spec, namespaceOf(spec, c)) } : {}),
  };
}
