// Properties of every Azure plan, over generated specs, policies and targets: an enforced row is backed by a request the
// plan sends or a check it makes; hardening is claimed only where the SKU takes it; every NSG rule is unique and names
// its app, so destroy finds it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeploymentSpec, EncryptionPolicy, NetworkLink } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { appsOf } from "./network-plan";
import { plan, validate } from "./plan";

const subscription = "00000000-0000-4000-8000-000000000000";
const apps = ["orders-3f9a2c", "billing-1a2b3c", "web-9f8e7d"];

const encryption: fc.Arbitrary<EncryptionPolicy> = fc.record({
  ingressTlsRequired: fc.boolean(),
  minTlsVersion: fc.constantFrom("1.2" as const, "1.3" as const),
  httpRedirectToHttps: fc.boolean(),
  serviceToServiceEncrypted: fc.boolean(),
  serviceToServiceMutualAuth: fc.boolean(),
  egressRestricted: fc.boolean(),
  egressAllowList: fc.array(fc.constantFrom("10.20.0.0/16", "203.0.113.0/24", "api.example.com", "*.example.org"), { maxLength: 3 }),
});

const links = (name: string): fc.Arbitrary<NetworkLink[]> =>
  fc.subarray(apps.filter((a) => a !== name)).chain((peers) => fc.tuple(...peers.map((peer) => fc.boolean().map((inbound) => (inbound ? { from: peer, to: name, port: 8080 } : { from: name, to: peer, port: 8080 }))))) as fc.Arbitrary<NetworkLink[]>;

const spec: fc.Arbitrary<DeploymentSpec> = fc.constantFrom(...apps).chain((name) =>
  fc.record({
    name: fc.constant(name),
    image: fc.constant(`registry.example.com/team/${name}@sha256:${"a".repeat(64)}`),
    cpu: fc.constantFrom(0.5, 1, 2),
    memoryMiB: fc.constantFrom(1024, 2048),
    port: fc.constant(8080),
    env: fc.constant({}),
    minInstances: fc.constant(1),
    maxInstances: fc.constant(1),
    ingress: fc.constantFrom("public" as const, "internal" as const),
    healthCheckPath: fc.constant("/healthz"),
    labels: fc.constant({}),
    policy: fc.option(
      fc.record(
        {
          encryption,
          hardening: fc.record({ nonRoot: fc.boolean(), readOnlyRootFilesystem: fc.boolean(), noPrivileged: fc.boolean(), dropCapabilities: fc.boolean() }),
          links: links(name),
          confidentialCompute: fc.boolean(),
        },
        { requiredKeys: ["hardening"] },
      ),
      { nil: undefined },
    ),
  }),
);

const target: fc.Arbitrary<AzureCoordinates> = fc.record(
  {
    kind: fc.constant("azure-aci" as const),
    region: fc.constantFrom("westeurope", "northeurope"),
    subscriptionId: fc.constant(subscription),
    resourceGroup: fc.constantFrom("apps", "prod-apps"),
    subnetId: fc.constant(`/subscriptions/${subscription}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/core/subnets/aci`),
    tlsSidecar: fc.constant({
      image: `registry.example.com/platform/tls@sha256:${"b".repeat(64)}`,
      certificateUrl: "https://vault.example.net/certificates/tls",
      clientCaUrl: "https://vault.example.net/certificates/ca",
      identityId: `/subscriptions/${subscription}/resourceGroups/apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tls`,
    }),
  },
  { requiredKeys: ["kind", "region", "subscriptionId", "resourceGroup"] },
);

describe("Azure plans: properties", () => {
  it("every setting enforced by a request or the target names a request the plan sends or a check it makes", () => {
    fc.assert(
      fc.property(spec, target, (s, c) => {
        const result = plan(s, c);
        const requests = new Set<string>(result.requests.map((r) => r.operation));
        const checks = new Set<string>((result.checks ?? []).map((check) => check.operation));
        for (const row of result.enforcement ?? []) {
          if (row.by !== "request" && row.by !== "target") continue;
          expect(row.evidence, `${row.setting} has no evidence`).toBeDefined();
          const evidence = row.evidence!;
          if ("request" in evidence) expect(requests.has(evidence.request), `${row.setting}: ${evidence.request} is not among ${[...requests]}`).toBe(true);
          else expect(checks.has(evidence.check), `${row.setting}: ${evidence.check} is not among ${[...checks]}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a valid plan claims hardening beyond `privileged` only on the Confidential SKU, and sends securityContext accordingly", () => {
    fc.assert(
      fc.property(spec, target, (s, c) => {
        fc.pre(validate(s, c).length === 0);
        const [group] = plan(s, c).requests;
        const confidential = group.body.sku === "Confidential";
        for (const container of group.body.containers) {
          const members = Object.keys(container.securityContext ?? {});
          if (!confidential) expect(members).toEqual(["privileged"]);
        }
        const claimed = (plan(s, c).enforcement ?? []).filter((e) => (e.setting === "nonRoot" || e.setting === "dropCapabilities") && e.by === "request");
        if (!confidential) expect(claimed).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("a valid plan's NSG rules have unique names and name their apps; an internal app under a policy always ends with its deny", () => {
    fc.assert(
      fc.property(spec, target, (s, c) => {
        fc.pre(validate(s, c).length === 0);
        const [, ...rules] = plan(s, c).requests;
        expect(new Set(rules.map((r) => r.securityRuleName)).size).toBe(rules.length);
        for (const rule of rules) expect(appsOf(rule.body.description)).toContain(s.name);
        const denies = rules.filter((r) => r.securityRuleName === `bulkhead-${s.name}-deny-vnet-in`);
        expect(denies).toHaveLength(s.policy && s.ingress === "internal" && c.subnetId ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });
});
