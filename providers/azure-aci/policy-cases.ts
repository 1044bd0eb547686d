// This provider's cases for the cross-provider policy tests (../policy.test.ts, ../enforcement-evidence.test.ts), which
// find every provider's file by name: a new provider brings its own, in its folder.
import fc from "fast-check";
import type { PolicyCases } from "../testing/policy-cases";
import type { TargetCoordinates } from "../types";
import { plan, validate } from "./plan";

const SUBSCRIPTION = "00000000-0000-4000-8000-000000000000";

const bare = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "prod-apps" } as const;

export const policyCases: PolicyCases = {
  kind: "azure-aci",
  plan,
  validate,
  bare,
  full: {
  ...bare,
  tlsSidecar: {
    image: `registry.example.com/platform/tls-proxy@sha256:${"b".repeat(64)}`,
    certificateUrl: "https://bulkhead.vault.azure.net/secrets/tls",
    clientCaUrl: "https://bulkhead.vault.azure.net/secrets/client-ca",
    identityId: "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/prod-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tls",
  },
  subnetId: "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/prod-net/providers/Microsoft.Network/virtualNetworks/core/subnets/aci",
},
  coordinates: fc.record(
  {
    kind: fc.constant("azure-aci" as const),
    region: fc.constantFrom("westeurope", "northeurope"),
    subscriptionId: fc.constant(SUBSCRIPTION),
    resourceGroup: fc.constantFrom("apps", "prod-apps"),
    subnetId: fc.constant(`/subscriptions/${SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/core/subnets/aci`),
    tlsSidecar: fc.constant({
      image: `registry.example.com/platform/tls@sha256:${"b".repeat(64)}`,
      certificateUrl: "https://vault.example.net/certificates/tls",
      clientCaUrl: "https://vault.example.net/certificates/ca",
      identityId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tls`,
    }),
  },
  { requiredKeys: ["kind", "region", "subscriptionId", "resourceGroup"] },
),
  rows: [
    ["ingressTlsRequired", "public", "full", { by: "request", construct: /TLS sidecar/, body: /"name":"tls".*"ipAddress":\{"type":"Public","ports":\[\{"port":443/ }],
    ["ingressTlsRequired", "public", "bare", { refused: /no managed TLS/ }],
    ["minTlsVersion", "public", "full", { by: "request", construct: /TLS_MIN_VERSION=1\.3/, body: /\{"name":"TLS_MIN_VERSION","value":"1\.3"\}/ }],
    ["minTlsVersion", "public", "bare", { refused: /no managed TLS/ }],
    ["httpRedirectToHttps", "public", "full", { by: "request", construct: /HTTP_REDIRECT_PORT/, body: /\{"port":80,"protocol":"TCP"\}/ }],
    ["httpRedirectToHttps", "public", "bare", { refused: /no managed TLS/ }],
    ["serviceToServiceEncrypted", "internal", "full", { by: "request", construct: /TLS sidecar.*private VNet/, body: /"name":"tls".*"subnetIds"/ }],
    ["serviceToServiceEncrypted", "internal", "bare", { refused: /no managed TLS/ }],
    ["serviceToServiceMutualAuth", "internal", "full", { by: "request", construct: /TLS_CLIENT_CA_URL/, body: /"TLS_CLIENT_CA_URL"/ }],
    ["serviceToServiceMutualAuth", "public", "full", { refused: /client certificates from internet users/ }],
    ["egressRestricted", "internal", "full", { by: "request", construct: /NSG rules .*egress-allow/, body: /"securityRuleName":"bulkhead-orders-3f9a2c-egress-allow".*"destinationAddressPrefix":"10\.20\.0\.0\/16","priority"/ }],
    ["egressRestricted", "internal", "full", { refused: /api\.example\.com as CIDRs/ }, ["api.example.com"]],
    ["egressRestricted", "public", "full", { refused: /cannot be placed in a VNet/ }],
    ["egressRestricted", "internal", "bare", { refused: /declares no VNet subnet/ }],
  ],
};
