// This provider's cases for the cross-provider policy tests (../policy.test.ts, ../enforcement-evidence.test.ts), which
// find every provider's file by name: a new provider brings its own, in its folder.
import fc from "fast-check";
import type { PolicyCases } from "../testing/policy-cases";
import { TLS_VERSIONS, type TargetCoordinates } from "../types";
import { plan, validate } from "./plan";

const bare = { kind: "kubernetes", region: "eu-west-1", cluster: "prod" } satisfies TargetCoordinates;

export const policyCases: PolicyCases = {
  kind: "kubernetes",
  plan,
  validate,
  bare,
  full: { ...bare, ingress: { className: "nginx", tlsSecretName: "wildcard-tls", minTlsVersion: "1.3", domain: "apps.example.com" } },
  coordinates: fc.record(
    {
      kind: fc.constant("kubernetes" as const),
      region: fc.constantFrom("eu-west-1", "on-prem-1"),
      cluster: fc.constantFrom("prod", "edge"),
      namespacePrefix: fc.constantFrom("apps", "bh"),
      ingress: fc.record({ className: fc.constantFrom("nginx", "traefik"), tlsSecretName: fc.constant("wildcard-tls"), minTlsVersion: fc.constantFrom(...TLS_VERSIONS) }),
    },
    { requiredKeys: ["kind", "region", "cluster"] },
  ),
  rows: [
    ["ingressTlsRequired", "public", "full", { by: "request", construct: /Ingress spec\.tls \(secret wildcard-tls\)/, body: /"kind":"Ingress".*"ingressClassName":"nginx","tls":\[\{"hosts":\["orders-3f9a2c\.apps\.example\.com"\],"secretName":"wildcard-tls"\}\]/ }],
    ["ingressTlsRequired", "public", "bare", { refused: /declares no ingress controller/ }],
    ["ingressTlsRequired", "internal", "bare", { by: "request", construct: /ClusterIP, no Ingress/, body: /"type":"ClusterIP"/ }],
    ["minTlsVersion", "public", "full", { by: "target", construct: /ingress class nginx \(TLS 1\.3\+/ }],
    ["minTlsVersion", "public", "bare", { refused: /no TLS version setting/ }],
    ["httpRedirectToHttps", "public", "full", { by: "target", construct: /ingress-nginx/ }],
    ["httpRedirectToHttps", "public", "bare", { refused: /no redirect of its own/ }],
    ["serviceToServiceEncrypted", "internal", "full", { refused: /service mesh/ }],
    ["serviceToServiceMutualAuth", "internal", "full", { refused: /mutual TLS/ }],
    ["egressRestricted", "internal", "bare", { by: "request", construct: /NetworkPolicy bulkhead\/orders-3f9a2c-egress/, body: /"egress":\[\{"to":\[\{"ipBlock":\{"cidr":"10\.20\.0\.0\/16"\}\}\],"ports":\[\{"protocol":"TCP","port":443\}\]\}\]/ }],
    ["egressRestricted", "internal", "bare", { refused: /api\.example\.com cannot be allowed/ }, ["api.example.com"]],
  ],
};
