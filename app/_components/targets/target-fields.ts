import { TLS_VERSIONS, type ProviderKind } from "@/server/targets/contract";

export const DEFAULT_TLS_VERSION = TLS_VERSIONS[0];

type FieldKind = "text" | "list" | "secret" | "flag" | "tls-version" | "multiline" | "multiline-secret";
export type TargetField = [path: string, label: string, input: FieldKind];

/** Where the target's deployments live, per provider: [field path in createTargetInput, label, kind of input]. */
export const targetFields: Record<ProviderKind, TargetField[]> = {
  "aws-ecs": [
    ["coordinates.cluster", "ECS cluster", "text"],
    ["coordinates.subnets", "Subnets (comma-separated)", "list"],
    ["coordinates.securityGroups", "Security groups (comma-separated)", "list"],
    ["coordinates.executionRoleArn", "Task execution role ARN", "text"],
  ],
  "azure-aci": [
    ["coordinates.subscriptionId", "Subscription id", "text"],
    ["coordinates.resourceGroup", "Resource group", "text"],
  ],
  "gcp-cloud-run": [["coordinates.projectId", "Project id", "text"]],
};

/**
 * Lasting credentials, per provider: the fields left empty are left out, so a role to assume, a client secret
 * or a certificate, and a token endpoint other than the provider's are each optional.
 */
export const credentialFields: Record<ProviderKind, TargetField[]> = {
  "aws-ecs": [
    ["credentials.accessKeyId", "Access key id", "text"],
    ["credentials.secretAccessKey", "Secret access key", "secret"],
    ["credentials.assumeRole.roleArn", "Role to assume (ARN, optional)", "text"],
    ["credentials.assumeRole.externalId", "External id the role requires (optional)", "text"],
    ["credentials.stsEndpoint", "STS endpoint (optional)", "text"],
  ],
  "azure-aci": [
    ["credentials.tenantId", "Tenant id", "text"],
    ["credentials.clientId", "Client id", "text"],
    ["credentials.clientSecret", "Client secret", "secret"],
    ["credentials.clientCertificate", "Client certificate and key (PEM, instead of a secret)", "multiline-secret"],
    ["credentials.authorityHost", "Authority host (optional)", "text"],
  ],
  "gcp-cloud-run": [["credentials.serviceAccountKey", "Service account key (JSON)", "multiline-secret"]],
};

/** How Bulkhead reaches the provider when not at its public endpoints (a private endpoint, an emulator). */
export const connectionFields: TargetField[] = [
  ["endpoint", "API endpoint (optional)", "text"],
  ["caCertificate", "CA certificate to trust for it (PEM, optional)", "multiline"],
];

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
    const typed = input !== "list" && input !== "flag" && input !== "tls-version";
    if (optional && keys.length === 1 && typed && !raw.trim()) continue;
    if (keys.length > 1 && typed && raw.trim()) filled.add(keys[0]);
    let node = result;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  for (const [key, value] of Object.entries(result)) {
    if (optional && typeof value === "object" && !Array.isArray(value) && !filled.has(key)) delete result[key];
  }
  return result;
}

/** A stored target as the form's flat values, for editing: nestedValues' inverse over the same fields. */
export function flatValues(fields: TargetField[], stored: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [path, , input] of fields) {
    const value = path.split(".").reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), stored);
    if (value === undefined || value === null) continue;
    values[path] = input === "list" && Array.isArray(value) ? value.join(", ") : String(value);
  }
  return values;
}
