// Pure: what apply made, read back, against what it sends for `spec`: the Deployment's pod template, the Service, the
// Ingress, the NetworkPolicies and the namespace's Pod Security labels. Values the API server fills in by default
// are left out of the comparison by reading only the fields the plan sets.
import { byName, differences } from "../drift";
import type { DeploymentSpec, Observation } from "../types";
import { objectsOf } from "./plan";
import type { KubernetesCoordinates } from "./target-schema";

/** Any object as read back; fields are looked up by path. */
export interface ReadObject {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface ReadBack {
  namespace: ReadObject | null;
  deployment: ReadObject | null;
  service: ReadObject | null;
  ingress: ReadObject | null;
  networkPolicies: ReadObject[];
}

/** The typed models the client returns carry undefined fields; JSON drops them, so both sides compare as plain data. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const at = (object: unknown, path: string): unknown =>
  plain(path.split(".").reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), object));
const labelsOf = (object: ReadObject | null | undefined, keys: string[]) => Object.fromEntries(keys.map((key) => [key, object?.metadata?.labels?.[key]]));

const CONTAINER = "spec.template.spec.containers.0";
const DEPLOYMENT_FIELDS: [field: string, path: string][] = [
  ["minInstances", "spec.replicas"],
  ["image", `${CONTAINER}.image`],
  ["resources", `${CONTAINER}.resources`],
  ["container.securityContext", `${CONTAINER}.securityContext`],
  ["pod.securityContext", "spec.template.spec.securityContext"],
  ["readinessProbe", `${CONTAINER}.readinessProbe.httpGet`],
  ["livenessProbe", `${CONTAINER}.livenessProbe.httpGet`],
  ["nodeSelector", "spec.template.spec.nodeSelector"],
  ["tolerations", "spec.template.spec.tolerations"],
];

export function observeApp(read: ReadBack, spec: DeploymentSpec, c: KubernetesCoordinates): Observation {
  if (!read.deployment) return { missing: true };
  const objects = objectsOf(spec, c);
  const expected = (kind: string, name?: string) => [...objects.namespace, ...objects.app].find((o) => o.kind === kind && (!name || o.metadata.name === name));
  const deployment = expected("Deployment")!;
  const service = expected("Service")!;
  const ingress = expected("Ingress");
  const namespace = expected("Namespace")!;
  const policies = [...objects.namespace, ...objects.app].filter((o) => o.kind === "NetworkPolicy");
  const podSecurity = Object.keys(namespace.metadata.labels).filter((key) => key.startsWith("pod-security.kubernetes.io/"));

  return {
    missing: false,
    drift: differences([
      ...DEPLOYMENT_FIELDS.map(([field, path]): [string, unknown, unknown] => [field, at(deployment, path), at(read.deployment, path)]),
      ["env", byName(at(deployment, `${CONTAINER}.env`) as { name?: string }[]), byName((at(read.deployment, `${CONTAINER}.env`) ?? []) as { name?: string }[])],
      ["service", { type: at(service, "spec.type"), ports: at(service, "spec.ports"), selector: at(service, "spec.selector") }, read.service ? { type: at(read.service, "spec.type"), ports: at(read.service, "spec.ports"), selector: at(read.service, "spec.selector") } : "missing"],
      ["ingress", ingress ? at(ingress, "spec") : "none", read.ingress ? at(read.ingress, "spec") : "none"],
      ...policies.map((policy): [string, unknown, unknown] => {
        const found = read.networkPolicies.find((p) => p.metadata?.name === policy.metadata.name);
        return [`networkPolicy.${policy.metadata.name}`, at(policy, "spec"), found ? at(found, "spec") : "missing"];
      }),
      ["namespace.podSecurity", labelsOf(namespace, podSecurity), labelsOf(read.namespace, podSecurity)],
    ]),
  };
}
