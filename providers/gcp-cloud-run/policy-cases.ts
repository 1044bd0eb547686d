// This provider's cases for the cross-provider policy tests (../policy.test.ts, ../enforcement-evidence.test.ts), which
// find every provider's file by name: a new provider brings its own, in its folder.
import fc from "fast-check";
import type { PolicyCases } from "../testing/policy-cases";
import { TLS_VERSIONS, type TargetCoordinates } from "../types";
import { plan, validate } from "./plan";

const bare = { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" } as const;

export const policyCases: PolicyCases = {
  kind: "gcp-cloud-run",
  plan,
  validate,
  bare,
  full: {
  ...bare,
  vpc: { network: "projects/bulkhead-prod/global/networks/apps", subnetwork: "projects/bulkhead-prod/regions/europe-west1/subnetworks/run" },
  loadBalancer: { sslPolicy: "modern-tls13", minTlsVersion: "1.3", redirectsHttp: true },
},
  coordinates: fc.record(
  {
    kind: fc.constant("gcp-cloud-run" as const),
    region: fc.constantFrom("europe-west1", "us-central1"),
    projectId: fc.constantFrom("bulkhead-prod", "team-apps-2041"),
    vpc: fc.constant({ network: "projects/p/global/networks/apps", subnetwork: "projects/p/regions/r/subnetworks/run" }),
    loadBalancer: fc.record({ sslPolicy: fc.constantFrom("modern-tls12", "strict"), minTlsVersion: fc.constantFrom(...TLS_VERSIONS), redirectsHttp: fc.boolean() }),
  },
  { requiredKeys: ["kind", "region", "projectId"] },
),
  rows: [
    ["ingressTlsRequired", "public", "bare", { by: "inherent", construct: /managed HTTPS/ }],
    ["minTlsVersion", "public", "full", { by: "target", construct: /SSL policy modern-tls13/, body: /"ingress":"INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"/ }],
    ["minTlsVersion", "public", "bare", { refused: /no minimum TLS version setting/ }],
    ["minTlsVersion", "internal", "full", { refused: /internal services are not behind a load balancer/ }],
    ["httpRedirectToHttps", "public", "bare", { by: "inherent", construct: /HTTP→HTTPS redirect/ }],
    ["serviceToServiceEncrypted", "internal", "bare", { by: "inherent", construct: /HTTPS service URL/ }],
    ["serviceToServiceMutualAuth", "internal", "bare", { by: "request", construct: /run\.invoker/, body: /"serviceAccount":"bh-orders-3f9a2c-[0-9a-f]{6}@bulkhead-prod\.iam\.gserviceaccount\.com"/ }],
    ["serviceToServiceMutualAuth", "public", "bare", { refused: /allUsers/ }],
    ["egressRestricted", "internal", "full", { by: "request", construct: /vpcAccess/, body: /"vpcAccess":\{"networkInterfaces":\[.*\],"egress":"ALL_TRAFFIC"\}/ }],
    ["egressRestricted", "internal", "bare", { refused: /through a VPC/ }],
  ],
};
