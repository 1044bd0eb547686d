// How an Azure Container Instances target is described to people: the target form's fields (createTargetInput's
// paths), where its container groups live, what it offers for encryption in transit and who its credentials identify.
// Pure, no SDK.
import type { FormField } from "../provider-descriptor";
import type { AzureCoordinates, AzureCredentials } from "./target-schema";

export const identityFields = ["region", "subscriptionId", "resourceGroup"] as const;

export const form: { coordinates: FormField[]; credentials: FormField[]; tls: FormField[] } = {
  coordinates: [
    ["coordinates.subscriptionId", "Subscription id", "text"],
    ["coordinates.resourceGroup", "Resource group", "text"],
  ],
  credentials: [
    ["credentials.tenantId", "Tenant id", "text"],
    ["credentials.clientId", "Client id", "text"],
    ["credentials.clientSecret", "Client secret", "secret"],
    ["credentials.clientCertificate", "Client certificate and key (PEM, instead of a secret)", "multiline-secret"],
    ["credentials.authorityHost", "Authority host (optional)", "text"],
  ],
  tls: [
    ["coordinates.subnetId", "Delegated subnet id", "text"],
    ["coordinates.tlsSidecar.image", "TLS sidecar image (pinned by digest)", "text"],
    ["coordinates.tlsSidecar.certificateUrl", "Sidecar certificate URL (Key Vault)", "text"],
    ["coordinates.tlsSidecar.clientCaUrl", "Sidecar client CA URL (Key Vault)", "text"],
    ["coordinates.tlsSidecar.identityId", "Sidecar managed identity id", "text"],
  ],
};

export function tlsInfrastructure(c: AzureCoordinates): string[] {
  return [c.tlsSidecar && "TLS sidecar", c.subnetId && "delegated subnet (its NSG takes link and egress rules)"].filter((item): item is string => !!item);
}

export function credentialIdentity(credentials: AzureCredentials): string {
  if ("accessToken" in credentials) return "a static access token";
  return `service principal ${credentials.clientId} of tenant ${credentials.tenantId} (${credentials.clientCertificate ? "certificate" : "client secret"})`;
}
