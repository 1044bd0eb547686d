import { TLS_VERSIONS, type ProviderKind } from "@/providers/types";

export const DEFAULT_TLS_VERSION = TLS_VERSIONS[0];

type FieldKind = "text" | "list" | "secret" | "flag" | "tls-version";
export type TargetField = [path: string, label: string, input: FieldKind];

/** What the target form asks for, per provider: [field path in createTargetInput, label, kind of input]. */
export const targetFields: Record<ProviderKind, TargetField[]> = {
  "aws-ecs": [
    ["coordinates.cluster", "ECS cluster", "text"],
    ["coordinates.subnets", "Subnets (comma-separated)", "list"],
    ["coordinates.securityGroups", "Security groups (comma-separated)", "list"],
    ["coordinates.executionRoleArn", "Task execution role ARN", "text"],
    ["credentials.accessKeyId", "Access key id", "text"],
    ["credentials.secretAccessKey", "Secret access key", "secret"],
  ],
  "azure-aci": [
    ["coordinates.subscriptionId", "Subscription id", "text"],
    ["coordinates.resourceGroup", "Resource group", "text"],
    ["credentials.accessToken", "Access token", "secret"],
  ],
  "gcp-cloud-run": [
    ["coordinates.projectId", "Project id", "text"],
    ["credentials.accessToken", "Access token", "secret"],
  ],
};

/**
 * Optional TLS infrastructure, grouped as the schema nests it: a group is sent only when one of its text
 * fields is filled, so a target without (say) an HTTPS listener simply has none.
 */
export const tlsFields: Record<ProviderKind, TargetField[]> = {
  "aws-ecs": [
    ["coordinates.httpsListener.listenerArn", "HTTPS listener ARN", "text"],
    ["coordinates.httpsListener.sslPolicy", "Listener ELB security policy", "text"],
    ["coordinates.httpsListener.redirectsHttp", "An HTTP listener redirects to HTTPS", "flag"],
    ["coordinates.serviceConnect.namespace", "Service Connect namespace", "text"],
    ["coordinates.serviceConnect.privateCaArn", "Service Connect Private CA ARN", "text"],
    ["coordinates.serviceConnect.kmsKeyArn", "Service Connect KMS key ARN", "text"],
    ["coordinates.serviceConnect.tlsRoleArn", "Service Connect TLS role ARN", "text"],
  ],
  "azure-aci": [
    ["coordinates.subnetId", "Delegated subnet id", "text"],
    ["coordinates.tlsSidecar.image", "TLS sidecar image (pinned by digest)", "text"],
    ["coordinates.tlsSidecar.certificateUrl", "Sidecar certificate URL (Key Vault)", "text"],
    ["coordinates.tlsSidecar.clientCaUrl", "Sidecar client CA URL (Key Vault)", "text"],
    ["coordinates.tlsSidecar.identityId", "Sidecar managed identity id", "text"],
  ],
  "gcp-cloud-run": [
    ["coordinates.vpc.network", "VPC network", "text"],
    ["coordinates.vpc.subnetwork", "VPC subnetwork", "text"],
    ["coordinates.loadBalancer.sslPolicy", "Load balancer SSL policy", "text"],
    ["coordinates.loadBalancer.minTlsVersion", "SSL policy minimum TLS version", "tls-version"],
    ["coordinates.loadBalancer.redirectsHttp", "The load balancer redirects HTTP to HTTPS", "flag"],
  ],
};

/**
 * The form's flat values as the nested object createTargetInput expects, under `prefix` ("coordinates." or
 * "credentials."). With `optional`, empty text fields and nested groups with no text filled in are left out.
 */
export function nestedValues(fields: TargetField[], values: Record<string, string>, prefix: string, optional = false): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const filled = new Set<string>();
  for (const [path, , input] of fields.filter(([path]) => path.startsWith(prefix))) {
    const keys = path.slice(prefix.length).split(".");
    const raw = values[path] ?? (input === "tls-version" ? DEFAULT_TLS_VERSION : "");
    const value = input === "list" ? raw.split(",").map((item) => item.trim()).filter(Boolean) : input === "flag" ? raw === "true" : raw;
    if (optional && keys.length === 1 && input === "text" && !raw.trim()) continue;
    if (keys.length > 1 && input === "text" && raw.trim()) filled.add(keys[0]);
    let node = result;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  for (const [key, value] of Object.entries(result)) {
    if (optional && typeof value === "object" && !Array.isArray(value) && !filled.has(key)) delete result[key];
  }
  return result;
}
