// How a Cloud Run target is described to people: the target form's fields (createTargetInput's paths), where its
// services live, what it offers for encryption in transit and who its credentials identify. Pure, no SDK.
import type { FormField } from "../provider-descriptor";
import type { GcpCoordinates, GcpCredentials } from "./target-schema";

export const identityFields = ["region", "projectId"] as const;

export const form: { coordinates: FormField[]; credentials: FormField[]; tls: FormField[] } = {
  coordinates: [["coordinates.projectId", "Project id", "text"]],
  credentials: [["credentials.serviceAccountKey", "Service account key (JSON)", "multiline-secret"]],
  tls: [
    ["coordinates.vpc.network", "VPC network", "text"],
    ["coordinates.vpc.subnetwork", "VPC subnetwork", "text"],
    ["coordinates.loadBalancer.sslPolicy", "Load balancer SSL policy", "text"],
    ["coordinates.loadBalancer.minTlsVersion", "SSL policy minimum TLS version", "tls-version"],
    ["coordinates.loadBalancer.redirectsHttp", "The load balancer redirects HTTP to HTTPS", "flag"],
  ],
};

export function tlsInfrastructure(c: GcpCoordinates): string[] {
  return [
    "managed HTTPS",
    c.loadBalancer && `load balancer ${c.loadBalancer.sslPolicy} (TLS ${c.loadBalancer.minTlsVersion}+${c.loadBalancer.redirectsHttp ? ", HTTP redirects" : ""})`,
    c.vpc && `VPC ${c.vpc.network}`,
  ].filter((item): item is string => !!item);
}

export function credentialIdentity(credentials: GcpCredentials): string {
  if ("accessToken" in credentials) return "a static access token";
  const key = JSON.parse(credentials.serviceAccountKey) as { client_email?: string; private_key_id?: string };
  return `service account ${key.client_email ?? "?"}${key.private_key_id ? ` (key ${key.private_key_id.slice(0, 8)}…)` : ""}`;
}
