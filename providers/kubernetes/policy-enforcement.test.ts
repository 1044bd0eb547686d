import { describe, expect, it } from "vitest";
import type { DeploymentSpec, EncryptionPolicy } from "../types";
import { plan, validate } from "./plan";
import { enforcementOf } from "./policy-enforcement";
import type { KubernetesCoordinates } from "./target-schema";

const bare: KubernetesCoordinates = { kind: "kubernetes", region: "eu-west-1", cluster: "prod" };
const full: KubernetesCoordinates = { ...bare, ingress: { className: "nginx", tlsSecretName: "tls", minTlsVersion: "1.2" } };
const none: EncryptionPolicy = {
  ingressTlsRequired: false,
  minTlsVersion: "1.2",
  httpRedirectToHttps: false,
  serviceToServiceEncrypted: false,
  serviceToServiceMutualAuth: false,
  egressRestricted: false,
  egressAllowList: [],
};
const spec = (encryption: Partial<EncryptionPolicy>, ingress: "public" | "internal" = "public"): DeploymentSpec => ({
  name: "web-1a2b3c",
  image: `registry.example.com/web@sha256:${"b".repeat(64)}`,
  cpu: 1,
  memoryMiB: 1024,
  port: 8080,
  env: {},
  minInstances: 1,
  maxInstances: 1,
  ingress,
  healthCheckPath: "/",
  labels: { "bulkhead-team": "shop" },
  policy: { encryption: { ...none, ...encryption } },
});
const row = (s: DeploymentSpec, c: KubernetesCoordinates, setting: string) => enforcementOf(s, c).find((e) => e.setting === setting)!;

describe("policy enforcement on Kubernetes", () => {
  it("backs every enforced setting with a planned request or check", () => {
    const s = spec({ ingressTlsRequired: true, httpRedirectToHttps: true, egressRestricted: true, egressAllowList: ["203.0.113.0/24"] });
    const result = plan(s, full);
    const operations = new Set([...result.requests.map((r) => r.operation), ...(result.checks ?? []).map((c) => c.operation)]);
    for (const e of result.enforcement!.filter((e) => e.by === "request" || e.by === "target")) {
      const evidence = e.evidence && ("request" in e.evidence ? e.evidence.request : e.evidence.check);
      expect(operations.has(evidence ?? ""), `${e.setting}: ${evidence}`).toBe(true);
    }
  });

  it("refuses a minimum TLS version above what the target's ingress class accepts", () => {
    expect(row(spec({ ingressTlsRequired: true, minTlsVersion: "1.3" }), full, "minTlsVersion")).toMatchObject({ by: "unsupported", detail: expect.stringMatching(/accepts TLS 1\.2, below the required 1\.3/) });
    expect(validate(spec({ ingressTlsRequired: true, minTlsVersion: "1.3" }), full)).toContainEqual({ field: "policy.encryption.minTlsVersion", message: expect.stringMatching(/below the required/) });
  });

  it("is honest about host names in the allow-list: a NetworkPolicy cannot express them", () => {
    const problems = validate(spec({ egressRestricted: true, egressAllowList: ["10.0.0.0/8", "api.example.com"] }), full);
    expect(problems).toEqual([{ field: "policy.encryption.egressRestricted", message: expect.stringMatching(/api\.example\.com cannot be allowed; list IPv4 CIDRs/) }]);
  });

  it("refuses pod-to-pod encryption and mutual authentication: no service mesh", () => {
    expect(validate(spec({ serviceToServiceEncrypted: true, serviceToServiceMutualAuth: true }, "internal"), full).map((p) => p.field)).toEqual([
      "policy.encryption.serviceToServiceEncrypted",
      "policy.encryption.serviceToServiceMutualAuth",
    ]);
  });

  it("enforces hardening by the Deployment's securityContext, policy or not", () => {
    const rows = enforcementOf({ ...spec({}), policy: {} }, bare);
    expect(rows.map((r) => [r.setting, r.by])).toEqual([
      ["nonRoot", "request"],
      ["readOnlyRootFilesystem", "request"],
      ["noPrivileged", "request"],
      ["dropCapabilities", "request"],
    ]);
    expect(rows[0].evidence).toEqual({ request: "server-side apply Deployment bulkhead-shop/web-1a2b3c" });
  });
});
