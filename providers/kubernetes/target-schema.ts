// What a Kubernetes target is: its coordinates (where in the cluster apps go, which ingress and which nodes) and its
// credentials (a kubeconfig). One zod schema each; the TypeScript types are inferred from them, so the shape is said once.
import { z } from "zod";
import { region } from "../target-schema-fields";
import { TLS_VERSIONS } from "../tls-versions";

/** A DNS-1123 label (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: dot-separated labels, at most 253 characters. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters (labels page). */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A label value: empty, or at most 63 alphanumerics, "-", "_" and "." starting and ending alphanumeric. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** A prefix of at most 253 characters, "/", and a name of at most 63. */
const LABEL_KEY_MAX = 317;
const labelKey = (what: string) => z.string().max(LABEL_KEY_MAX, `${what}: at most ${LABEL_KEY_MAX} characters`).regex(LABEL_KEY, `${what}: a Kubernetes label key (prefix/name)`);
const labelValue = (what: string) => z.string().max(63, `${what}: at most 63 characters`).regex(LABEL_VALUE, `${what}: a Kubernetes label value`);

const labelMap = (what: string) => z.record(labelKey(`${what} keys`), labelValue(`${what} values`));

/** A toleration as the pod spec takes it (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/). */
const toleration = z
  .object({
    key: labelKey("Toleration key").optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: labelValue("Toleration value").optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: z.number().int().min(0).optional(),
  })
  .refine((t) => t.operator !== "Exists" || t.value === undefined, { message: "A toleration with operator Exists takes no value", path: ["value"] })
  .refine((t) => t.key !== undefined || t.operator === "Exists", { message: "A toleration without a key must use operator Exists", path: ["operator"] })
  .refine((t) => t.tolerationSeconds === undefined || t.effect === "NoExecute", { message: "tolerationSeconds applies only to the NoExecute effect", path: ["tolerationSeconds"] });

export const kubernetesCoordinates = z.object({
  kind: z.literal("kubernetes"),
  region,
  /** Display name of the cluster; the kubeconfig says how to reach it. */
  cluster: z.string().trim().min(1, "Cluster is required").max(128, "Cluster: at most 128 characters"),
  /** Namespaces are `<prefix>-<team>`; without a team label on the spec, the prefix itself. */
  namespacePrefix: z.string().max(40, "Namespace prefix: at most 40 characters").regex(DNS_LABEL, "Namespace prefix: lowercase letters, digits and hyphens").optional(),
  /**
   * The ingress controller public apps go through: its IngressClass, the TLS secret (type kubernetes.io/tls, in each
   * team namespace) its Ingresses use, the lowest TLS version the controller is configured to accept, and the domain
   * under which each app gets a host name (`<app>.<domain>`).
   */
  ingress: z
    .object({
      className: z.string().max(253).regex(DNS_SUBDOMAIN, "Ingress class: a Kubernetes object name"),
      tlsSecretName: z.string().max(253).regex(DNS_SUBDOMAIN, "TLS secret: a Kubernetes object name"),
      minTlsVersion: z.enum(TLS_VERSIONS),
      domain: z.string().max(200).regex(DNS_SUBDOMAIN, "Domain: a DNS name such as apps.example.com").optional(),
    })
    .optional(),
  nodeSelector: labelMap("Node selector").optional(),
  tolerations: z.array(toleration).max(32, "At most 32 tolerations").optional(),
});
export type KubernetesCoordinates = z.infer<typeof kubernetesCoordinates>;
export type KubernetesToleration = NonNullable<KubernetesCoordinates["tolerations"]>[number];

/** A kubeconfig as text (YAML or JSON), with a bearer token or a client certificate inline; client.ts says what it may hold. */
export const kubernetesCredentials = z.object({
  kind: z.literal("kubernetes"),
  kubeconfig: z.string().trim().min(1, "Kubeconfig is required").max(65_536, "Kubeconfig: at most 64 KiB"),
});
export type KubernetesCredentials = z.infer<typeof kubernetesCredentials>;
