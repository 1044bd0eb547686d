// The rule of issue #15 over every provider × setting, with one generator of specs and policies for every cloud:
// a plan calls a setting enforced (by "request" or "target") only with evidence — a request the plan sends (its
// operation among `requests`) or a read-back apply makes of what the target declares (its operation among `checks`).
// Each provider's own property test (aws-ecs/enforcement-evidence, azure-aci/plan.property, gcp-cloud-run/evidence)
// explores its coordinates further; this one keeps the providers under one rule, each drawing targets from its
// ./<kind>/policy-cases.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENCRYPTION_SETTINGS, HARDENING_SETTINGS, TLS_VERSIONS } from "./types";
import { casesOf } from "./testing/policy-cases";
import { PROVIDER_KINDS } from "./registry";
import type { DeploymentSpec, EncryptionPolicy, NetworkLink, PolicySetting } from "./types";

const APPS = ["orders-3f9a2c", "billing-1a2b3c", "web-9f8e7d"];
const encryption: fc.Arbitrary<EncryptionPolicy> = fc.record({
  ingressTlsRequired: fc.boolean(),
  minTlsVersion: fc.constantFrom(...TLS_VERSIONS),
  httpRedirectToHttps: fc.boolean(),
  serviceToServiceEncrypted: fc.boolean(),
  serviceToServiceMutualAuth: fc.boolean(),
  egressRestricted: fc.boolean(),
  egressAllowList: fc.array(fc.constantFrom("10.20.0.0/16", "203.0.113.0/24", "api.example.com"), { maxLength: 2 }),
});

const links = (name: string): fc.Arbitrary<NetworkLink[]> =>
  fc.subarray(APPS.filter((app) => app !== name)).chain((peers) => fc.tuple(...peers.map((peer) => fc.boolean().map((inbound): NetworkLink => (inbound ? { from: peer, to: name, port: 8080 } : { from: name, to: peer, port: 8080 }))))) as fc.Arbitrary<NetworkLink[]>;

/** One spec generator for every cloud: what a developer asks for does not depend on where it lands. */
const spec: fc.Arbitrary<DeploymentSpec> = fc.constantFrom(...APPS).chain((name) =>
  fc.record({
    name: fc.constant(name),
    image: fc.constant(`registry.example.com/team/${name}@sha256:${"a".repeat(64)}`),
    cpu: fc.constantFrom(0.5, 1),
    memoryMiB: fc.constantFrom(1024, 2048),
    port: fc.constant(8080),
    env: fc.constant({}),
    minInstances: fc.constant(1),
    maxInstances: fc.constant(2),
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
        { requiredKeys: ["hardening", "links"] },
      ),
      { nil: undefined },
    ),
  }),
);

const KINDS = [...PROVIDER_KINDS];
const SETTINGS: PolicySetting[] = [...ENCRYPTION_SETTINGS, ...HARDENING_SETTINGS];

describe("every provider: an enforced row names a request the plan sends or a check apply makes", () => {
  // provider → setting → how often it was called enforced, by request evidence and by check evidence.
  const seen = new Map<string, Map<PolicySetting, { request: number; check: number }>>(KINDS.map((kind) => [kind, new Map()]));

  it.each(KINDS)("%s", (kind) => {
    const { plan, coordinates } = casesOf(kind);
    fc.assert(
      fc.property(spec, coordinates, (s, c) => {
        const result = plan(s, c);
        const requests = new Set(result.requests.map((request) => request.operation));
        const checks = new Set((result.checks ?? []).map((check) => check.operation));
        for (const row of result.enforcement ?? []) {
          expect(SETTINGS).toContain(row.setting);
          if (row.by !== "request" && row.by !== "target") continue;
          expect(row.evidence, `${kind}: ${row.setting} (${row.by}) names no evidence`).toBeDefined();
          const count = seen.get(kind)!.get(row.setting) ?? { request: 0, check: 0 };
          if ("request" in row.evidence!) {
            expect([...requests], `${kind}: ${row.setting} rests on ${row.evidence.request}, which the plan does not send`).toContain(row.evidence.request);
            count.request++;
          } else {
            expect([...checks], `${kind}: ${row.setting} rests on ${row.evidence!.check}, which apply does not make`).toContain(row.evidence!.check);
            count.check++;
          }
          seen.get(kind)!.set(row.setting, count);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("the generators reach enforced rows on every provider, and both kinds of evidence (the property above is not empty)", () => {
    for (const kind of KINDS) {
      const counts = [...seen.get(kind)!.values()];
      expect(counts.reduce((sum, c) => sum + c.request + c.check, 0), `${kind}: no enforced row at all`).toBeGreaterThan(0);
      // Ingress TLS is what every cloud enforces one way or another: it must have been exercised on each.
      expect(seen.get(kind)!.has("ingressTlsRequired"), `${kind}: ingress TLS never enforced`).toBe(true);
    }
    // Azure's rows all rest on the requests (the sidecar, the NSG rules); ECS and Cloud Run rest some on read-backs.
    const all = KINDS.flatMap((kind) => [...seen.get(kind)!.values()]);
    expect(all.some((c) => c.request > 0)).toBe(true);
    expect(all.some((c) => c.check > 0)).toBe(true);
  });
});
