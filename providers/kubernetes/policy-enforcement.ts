// Pure: how a Kubernetes target meets each policy setting — the target's ingress class and TLS secret for ingress,
// NetworkPolicies for links and egress, the pod's securityContext for hardening — or why it cannot. plan.ts renders it;
// validate refuses on it. Pod-to-pod encryption needs a service mesh, which a target cannot declare here: unsupported.
import { encryptionRefusals, enforcementList, linkProblems, notRequired, requires } from "../policy-rendering";
import type { DeploymentSpec, EncryptionSetting, PlannedCheck, PolicyCapabilities, SettingEnforcement, SpecProblem } from "../types";
import { deploymentObject, ingressObject, serviceObject } from "./objects";
import { egressPolicyNameOf, namespaceOf } from "./naming";
import { hostNamesOf } from "./network-policies";
import { applyOperation, CHECKS } from "./operations";
import type { KubernetesCoordinates } from "./target-schema";

export const policyCapabilities: PolicyCapabilities = {
  ingressTlsRequired: "with target",
  minTlsVersion: "with target",
  httpRedirectToHttps: "with target",
  serviceToServiceEncrypted: "no",
  serviceToServiceMutualAuth: "no",
  egressRestricted: "native",
  nonRoot: "native",
  readOnlyRootFilesystem: "native",
  noPrivileged: "native",
  dropCapabilities: "native",
  links: "native",
};

/** The ingress-nginx controller, which redirects HTTP to HTTPS for every Ingress with TLS (its ssl-redirect default). */
export const NGINX_CONTROLLER = "k8s.io/ingress-nginx";

const requestOf = (object: { kind: string; metadata: { name: string; namespace: string } }) => ({ request: applyOperation(object.kind, object.metadata.namespace, object.metadata.name) });

/** Reads apply makes before it sends the app's objects: the target's ingress class and the TLS secret in the team's namespace. */
export function ingressChecks(spec: DeploymentSpec, c: KubernetesCoordinates): PlannedCheck[] {
  if (spec.ingress !== "public" || !c.ingress) return [];
  const namespace = namespaceOf(spec, c);
  const redirect = !!spec.policy?.encryption?.httpRedirectToHttps;
  return [
    {
      operation: CHECKS.ingressClass(c.ingress.className),
      reads: `the target's IngressClass ${c.ingress.className}`,
      requires: redirect ? `it exists and its controller is ${NGINX_CONTROLLER}` : "it exists",
    },
    {
      operation: CHECKS.tlsSecret(namespace, c.ingress.tlsSecretName),
      reads: `the TLS secret ${c.ingress.tlsSecretName} in namespace ${namespace}`,
      requires: "it exists and is of type kubernetes.io/tls",
    },
  ];
}

function encryptionEnforcement(spec: DeploymentSpec, c: KubernetesCoordinates, setting: EncryptionSetting): SettingEnforcement {
  const policy = spec.policy!.encryption!;
  if (!requires(policy, setting)) return notRequired(setting);
  const namespace = namespaceOf(spec, c);
  const unsupported = (detail: string): SettingEnforcement => ({ setting, by: "unsupported", construct: "none", detail });
  const noIngress = "the target declares no ingress controller (coordinates.ingress: its class, TLS secret and minimum TLS version)";
  const internal = (): SettingEnforcement => ({
    setting,
    by: "request",
    construct: "Service type ClusterIP, no Ingress",
    detail: "An internal app has no entry point from outside the cluster; only linked callers reach it, through its NetworkPolicy.",
    evidence: requestOf(serviceObject(spec, namespace)),
  });
  const ingress = requestOf(ingressObject(spec, namespace, c));
  switch (setting) {
    case "ingressTlsRequired":
      if (spec.ingress === "internal") return internal();
      if (!c.ingress) return unsupported(`a public app needs an Ingress that terminates TLS, and ${noIngress}`);
      return {
        setting,
        by: "request",
        construct: `Ingress spec.tls (secret ${c.ingress.tlsSecretName}) through ingress class ${c.ingress.className}`,
        detail: `The Service is ClusterIP only; the app is published through the Ingress, whose controller terminates TLS with the secret apply reads back in ${namespace}.`,
        evidence: ingress,
      };
    case "minTlsVersion":
      if (spec.ingress === "internal") return internal();
      if (!c.ingress) return unsupported(`Kubernetes has no TLS version setting of its own, and ${noIngress}`);
      if (c.ingress.minTlsVersion < policy.minTlsVersion) {
        return unsupported(`the target's ingress class ${c.ingress.className} accepts TLS ${c.ingress.minTlsVersion}, below the required ${policy.minTlsVersion}`);
      }
      return {
        setting,
        by: "target",
        construct: `ingress class ${c.ingress.className} (TLS ${c.ingress.minTlsVersion}+, as the target declares)`,
        detail: "The controller's TLS versions are its own configuration, which the Kubernetes API does not show: the target declares them; apply reads back that the ingress class exists.",
        evidence: { check: CHECKS.ingressClass(c.ingress.className) },
      };
    case "httpRedirectToHttps":
      if (spec.ingress === "internal") return internal();
      if (!c.ingress) return unsupported(`Kubernetes has no redirect of its own, and ${noIngress}`);
      return {
        setting,
        by: "target",
        construct: `ingress class ${c.ingress.className} (${NGINX_CONTROLLER}: ssl-redirect for Ingresses with TLS)`,
        detail: `The Ingress API has no redirect field; ingress-nginx redirects HTTP to HTTPS for every Ingress with TLS. apply reads the ingress class back and refuses unless its controller is ${NGINX_CONTROLLER}.`,
        evidence: { check: CHECKS.ingressClass(c.ingress.className) },
      };
    case "serviceToServiceEncrypted":
      return unsupported("Kubernetes does not encrypt traffic between pods; that takes a service mesh (Istio, Linkerd) or an encrypting CNI, which Kubernetes targets cannot declare yet");
    case "serviceToServiceMutualAuth":
      return unsupported("Kubernetes does not authenticate callers between pods (NetworkPolicies filter by labels, not identity); that takes a service mesh with mutual TLS, which Kubernetes targets cannot declare yet");
    case "egressRestricted": {
      const hosts = hostNamesOf(spec);
      if (hosts.length) return unsupported(`a NetworkPolicy allows addresses, not host names, so ${hosts.join(", ")} cannot be allowed; list IPv4 CIDRs instead`);
      return {
        setting,
        by: "request",
        construct: `NetworkPolicy ${namespace}/${egressPolicyNameOf(spec.name)} (TCP 443 to ipBlock ${policy.egressAllowList.join(", ") || "nothing"}, DNS, linked callees) + namespace default deny`,
        detail: "Egress not allowed by a policy is dropped by the cluster's network plugin, which must enforce NetworkPolicies (Calico, Cilium, …).",
        evidence: { request: applyOperation("NetworkPolicy", namespace, egressPolicyNameOf(spec.name)) },
      };
    }
  }
}

function hardening(spec: DeploymentSpec, c: KubernetesCoordinates): SettingEnforcement[] {
  const evidence = requestOf(deploymentObject(spec, namespaceOf(spec, c), c));
  const row = (setting: SettingEnforcement["setting"], construct: string, detail: string): SettingEnforcement => ({ setting, by: "request", construct, detail, evidence });
  return [
    row("nonRoot", "securityContext.runAsNonRoot: true (pod and container)", "The kubelet refuses to start the container if its image runs as root; the approved base image must set a numeric non-root USER."),
    row("readOnlyRootFilesystem", "containers[].securityContext.readOnlyRootFilesystem: true", "The root filesystem is read-only; /tmp is a small emptyDir the app may write."),
    row("noPrivileged", "containers[].securityContext.privileged: false, allowPrivilegeEscalation: false", "The namespace enforces Pod Security restricted, which refuses privileged pods."),
    row("dropCapabilities", "containers[].securityContext.capabilities.drop: [ALL], seccompProfile RuntimeDefault", "Every Linux capability is dropped and the runtime's default seccomp filter applies."),
  ];
}

export function enforcementOf(spec: DeploymentSpec, c: KubernetesCoordinates): SettingEnforcement[] {
  return enforcementList(spec, (s) => encryptionEnforcement(spec, c, s), hardening(spec, c));
}

export function policyProblems(spec: DeploymentSpec, c: KubernetesCoordinates): SpecProblem[] {
  if (!spec.policy) return [];
  return [...linkProblems(spec), ...encryptionRefusals(enforcementOf(spec, c))];
}
