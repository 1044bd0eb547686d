// Pure: where an app's objects live in the cluster and how they are labelled, so plan, apply, observe and destroy find
// the same objects again. A namespace per team; every object of an app carries the app's selector labels.
import type { DeploymentSpec } from "../types";
import { DNS_LABEL, type KubernetesCoordinates } from "./target-schema";

/** The spec label the server sets to the team's slug (server/deployments/spec.ts). */
export const TEAM_LABEL = "bulkhead-team";
/** Namespaces are `<prefix>-<team>` when the target declares no prefix of its own. */
export const DEFAULT_NAMESPACE_PREFIX = "bulkhead";
export const FIELD_MANAGER = "bulkhead";
export const CONTAINER_NAME = "app";

const MANAGED_BY = "app.kubernetes.io/managed-by";
const APP_NAME = "app.kubernetes.io/name";

/** What marks an object as Bulkhead's, on namespaces and the policies every namespace gets. */
export const managedLabels = (): Record<string, string> => ({ [MANAGED_BY]: FIELD_MANAGER });

/** The labels that select one app's pods and find all of its objects. */
export const appSelector = (name: string): Record<string, string> => ({ [APP_NAME]: name, [MANAGED_BY]: FIELD_MANAGER });

/** The same, as a label selector query (`?labelSelector=`). */
export const appLabelSelector = (name: string) => `${APP_NAME}=${name},${MANAGED_BY}=${FIELD_MANAGER}`;
export const managedLabelSelector = () => `${MANAGED_BY}=${FIELD_MANAGER}`;

/** An app's objects carry the spec's labels (app id, team, revision) beside its selector. */
export const appLabels = (spec: DeploymentSpec): Record<string, string> => ({ ...spec.labels, ...appSelector(spec.name) });

/** The team's namespace, or the prefix alone for a spec without a team label. */
export function namespaceOf(spec: Pick<DeploymentSpec, "labels">, c: KubernetesCoordinates): string {
  const prefix = c.namespacePrefix ?? DEFAULT_NAMESPACE_PREFIX;
  const team = spec.labels[TEAM_LABEL];
  return team ? `${prefix}-${team}` : prefix;
}

/** Why the namespace cannot be a Kubernetes namespace name, or undefined when it can. */
export function namespaceProblem(namespace: string): string | undefined {
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) return `Namespace "${namespace}" is not a Kubernetes namespace name (at most 63 lowercase letters, digits and hyphens, starting and ending alphanumeric)`;
  return undefined;
}

export const secretNameOf = (name: string) => `${name}-secrets`;
export const ingressPolicyNameOf = (name: string) => `${name}-ingress`;
export const egressPolicyNameOf = (name: string) => `${name}-egress`;
/** The namespace-wide policies every Bulkhead namespace gets; they stay while any app lives there. */
export const DEFAULT_DENY = "default-deny";
export const ALLOW_DNS = "allow-dns";

/** ResourceRef ids are `<namespace>/<name>`, so status and destroy find the app without its spec. */
export const refId = (namespace: string, name: string) => `${namespace}/${name}`;
export function parseRefId(id: string): { namespace: string; name: string } | undefined {
  const [namespace, name, ...rest] = id.split("/");
  return namespace && name && !rest.length ? { namespace, name } : undefined;
}
