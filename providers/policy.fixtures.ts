// Targets for policy tests: "bare" ones provide nothing beyond the required coordinates, "full" ones
// every construct their provider can use (listeners, Service Connect, TLS sidecar, VPC, load balancer).
import type { TargetCoordinates } from "./types";

/**
 * The providers these fixtures (and the cross-provider tests using them) cover. Not the registry's kinds, so a newly
 * registered provider compiles before it is covered; policy.test.ts then fails until it is added here.
 */
export const COVERED_KINDS = ["aws-ecs", "azure-aci", "gcp-cloud-run"] as const;
export type CoveredKind = (typeof COVERED_KINDS)[number];

const awsBare: TargetCoordinates = {
  kind: "aws-ecs",
  region: "eu-west-1",
  cluster: "prod",
  subnets: ["subnet-0a1b2c3d"],
  securityGroups: ["sg-0a1b2c3d"],
  executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
};
const azureBare: TargetCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "prod-apps" };
const gcpBare: TargetCoordinates = { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" };

/** Targets that provide every construct a provider can use. */
export const full: Record<CoveredKind, TargetCoordinates> = {
  "aws-ecs": {
    ...awsBare,
    httpsListener: { listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/edge/50dc6c495c0c9188/f2f7dc8efc522ab2", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", redirectsHttp: true },
    serviceConnect: {
      namespace: "bulkhead",
      privateCaArn: "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0a1b2c3d",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d",
      tlsRoleArn: "arn:aws:iam::123456789012:role/serviceConnectTls",
    },
  },
  "azure-aci": {
    ...azureBare,
    tlsSidecar: {
      image: `registry.example.com/platform/tls-proxy@sha256:${"b".repeat(64)}`,
      certificateUrl: "https://bulkhead.vault.azure.net/secrets/tls",
      clientCaUrl: "https://bulkhead.vault.azure.net/secrets/client-ca",
      identityId: "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/prod-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tls",
    },
    subnetId: "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/prod-net/providers/Microsoft.Network/virtualNetworks/core/subnets/aci",
  },
  "gcp-cloud-run": {
    ...gcpBare,
    vpc: { network: "projects/bulkhead-prod/global/networks/apps", subnetwork: "projects/bulkhead-prod/regions/europe-west1/subnetworks/run" },
    loadBalancer: { sslPolicy: "modern-tls13", minTlsVersion: "1.3", redirectsHttp: true },
  },
};
export const bare: Record<CoveredKind, TargetCoordinates> = { "aws-ecs": awsBare, "azure-aci": azureBare, "gcp-cloud-run": gcpBare };
