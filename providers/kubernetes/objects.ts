// Pure: the app's Kubernetes objects, whole, as apply sends them (server-side apply sends the full intent every time).
// The pod template is what Pod Security's `restricted` level asks for
// (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
import { secretPlaceholder, secretsOf } from "../secrets";
import type { DeploymentSpec, SecretValues } from "../types";
import { appLabels, appSelector, CONTAINER_NAME, managedLabels, secretNameOf } from "./naming";
import type { KubernetesCoordinates } from "./target-schema";

/** Pod Security admission labels (https://kubernetes.io/docs/concepts/security/pod-security-admission/). */
export const POD_SECURITY_LABELS: Record<string, string> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/warn": "restricted",
  "pod-security.kubernetes.io/warn-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/audit-version": "latest",
};

/** Pod template annotation naming each secret's version and fingerprint: a rotation changes it, so pods restart with the new value. */
export const SECRETS_ANNOTATION = "bulkhead.io/secret-versions";
/** The writable scratch directory a read-only root filesystem leaves the app. */
const TMP_VOLUME = "tmp";

export function namespaceObject(namespace: string, team: string | undefined) {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { ...managedLabels(), ...(team ? { "bulkhead-team": team } : {}), ...POD_SECURITY_LABELS } } };
}

/**
 * Quantities in the canonical form the API server writes back (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/),
 * so reading them back shows no false drift: whole vCPUs as "2", fractions in millicores ("250m"); whole GiB as "2Gi", else "1536Mi".
 */
export function cpuQuantity(cpu: number): string {
  const millicores = Math.round(cpu * 1000);
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}
export const memoryQuantity = (memoryMiB: number) => (memoryMiB % 1024 === 0 ? `${memoryMiB / 1024}Gi` : `${memoryMiB}Mi`);

/**
 * The Secret holding the spec's secrets. In a plan each value is a placeholder naming the version and fingerprint; apply
 * passes the values, which exist nowhere else in what this module returns.
 */
export function secretObject(spec: DeploymentSpec, namespace: string, values?: SecretValues) {
  const refs = secretsOf(spec);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: secretNameOf(spec.name), namespace, labels: appLabels(spec), annotations: { [SECRETS_ANNOTATION]: secretVersions(spec) } },
    type: "Opaque",
    stringData: Object.fromEntries(refs.map((ref) => [ref.name, values ? values[ref.name] : secretPlaceholder(ref)])),
  };
}

export const secretVersions = (spec: DeploymentSpec) => secretsOf(spec).map((ref) => `${ref.name}=v${ref.version}:${ref.fingerprint}`).join(",");

function environment(spec: DeploymentSpec) {
  return [
    ...Object.entries(spec.env).map(([name, value]) => ({ name, value })),
    ...secretsOf(spec).map((ref) => ({ name: ref.name, valueFrom: { secretKeyRef: { name: secretNameOf(spec.name), key: ref.name } } })),
  ];
}

/** Kubernetes runs at least one pod: it cannot scale a Deployment to zero on demand. */
export const replicasOf = (spec: DeploymentSpec) => Math.max(1, spec.minInstances);

export function deploymentObject(spec: DeploymentSpec, namespace: string, c: KubernetesCoordinates) {
  const probe = { httpGet: { path: spec.healthCheckPath, port: spec.port, scheme: "HTTP" } };
  const resources = { cpu: cpuQuantity(spec.cpu), memory: memoryQuantity(spec.memoryMiB) };
  const versions = secretVersions(spec);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: spec.name, namespace, labels: appLabels(spec) },
    spec: {
      replicas: replicasOf(spec),
      selector: { matchLabels: appSelector(spec.name) },
      template: {
        metadata: { labels: appLabels(spec), ...(versions ? { annotations: { [SECRETS_ANNOTATION]: versions } } : {}) },
        spec: {
          // The app calls nothing of the Kubernetes API: no token in the pod, and no variables naming other Services.
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          ...(c.nodeSelector && Object.keys(c.nodeSelector).length ? { nodeSelector: { ...c.nodeSelector } } : {}),
          ...(c.tolerations?.length ? { tolerations: c.tolerations.map((t) => ({ ...t })) } : {}),
          containers: [
            {
              name: CONTAINER_NAME,
              image: spec.image,
              ports: [{ name: "http", containerPort: spec.port, protocol: "TCP" }],
              env: environment(spec),
              // Requests equal to limits: the Guaranteed QoS class, so the app is evicted last and gets what it asked for.
              resources: { requests: resources, limits: resources },
              securityContext: {
                runAsNonRoot: true,
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                privileged: false,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
              },
              volumeMounts: [{ name: TMP_VOLUME, mountPath: "/tmp" }],
              // Up to 2 minutes to boot (24 checks 5 s apart); then out of the Service after 3 failed checks, restarted after 3 more.
              startupProbe: { ...probe, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 },
              readinessProbe: { ...probe, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
              livenessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
            },
          ],
          volumes: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };
}

export function serviceObject(spec: DeploymentSpec, namespace: string) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: spec.name, namespace, labels: appLabels(spec) },
    spec: { type: "ClusterIP", selector: appSelector(spec.name), ports: [{ name: "http", port: spec.port, targetPort: spec.port, protocol: "TCP" }] },
  };
}

/** The host a public app answers on, when the target names a domain for its ingress. */
export const hostOf = (spec: DeploymentSpec, c: KubernetesCoordinates) => (c.ingress?.domain ? `${spec.name}.${c.ingress.domain}` : undefined);

/** A public app's Ingress: through the target's ingress class with its TLS secret when it declares one, else the cluster's default class. */
export function ingressObject(spec: DeploymentSpec, namespace: string, c: KubernetesCoordinates) {
  const host = hostOf(spec, c);
  const backend = { service: { name: spec.name, port: { number: spec.port } } };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: spec.name, namespace, labels: appLabels(spec) },
    spec: {
      ...(c.ingress ? { ingressClassName: c.ingress.className, tls: [{ ...(host ? { hosts: [host] } : {}), secretName: c.ingress.tlsSecretName }] } : {}),
      rules: [{ ...(host ? { host } : {}), http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }],
    },
  };
}
