// How a Kubernetes target is described to people: the target form's fields (createTargetInput's paths), where its
// deployments live, what it offers for encryption in transit and who its credentials identify. Pure, no SDK.
import type { FormField } from "../provider-descriptor";
import { targetAccessOf } from "./kubeconfig";
import type { KubernetesCoordinates, KubernetesCredentials } from "./target-schema";

export const identityFields = ["region", "cluster"] as const;

export const form: { coordinates: FormField[]; credentials: FormField[]; tls: FormField[] } = {
  coordinates: [
    ["coordinates.cluster", "Cluster (display name)", "text"],
    ["coordinates.namespacePrefix", "Namespace prefix (optional; namespaces are <prefix>-<team>)", "text"],
  ],
  credentials: [["credentials.kubeconfig", "Kubeconfig (inline token or client certificate)", "multiline-secret"]],
  tls: [
    ["coordinates.ingress.className", "Ingress class", "text"],
    ["coordinates.ingress.tlsSecretName", "Ingress TLS secret (in each team namespace)", "text"],
    ["coordinates.ingress.minTlsVersion", "Ingress controller minimum TLS version", "tls-version"],
    ["coordinates.ingress.domain", "Ingress domain (apps answer on <app>.<domain>)", "text"],
  ],
};

export function tlsInfrastructure(c: KubernetesCoordinates): string[] {
  return [c.ingress && `ingress class ${c.ingress.className} (TLS ${c.ingress.minTlsVersion}+, secret ${c.ingress.tlsSecretName})`, "NetworkPolicies (default deny)", "Pod Security restricted"].filter(
    (item): item is string => !!item,
  );
}

/** The server and how the kubeconfig's user authenticates, never the token or key. */
export function credentialIdentity(credentials: KubernetesCredentials): string {
  try {
    const access = targetAccessOf(credentials.kubeconfig);
    return `kubeconfig for ${access.server} (${access.token ? "bearer token" : "client certificate"})`;
  } catch {
    return "a kubeconfig Bulkhead cannot use";
  }
}
