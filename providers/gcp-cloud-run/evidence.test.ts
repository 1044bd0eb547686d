// The rule of enforcement that is true on the cloud, as a property of every Cloud Run plan: a setting is called
// enforced (by "request" or "target") only with evidence — a request the plan sends, or a read-back check it lists.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENCRYPTION_SETTINGS, TLS_VERSIONS } from "../types";
import type { DeploymentSpec, EncryptionPolicy, NetworkLink } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { plan, validate } from "./plan";

const apps = ["orders-3f9a2c", "billing-1a2b3c", "web-9f8e7d"];

const coordinatesArb: fc.Arbitrary<GcpCoordinates> = fc.record(
  {
    kind: fc.constant("gcp-cloud-run" as const),
    region: fc.constantFrom("europe-west1", "us-central1", "asia-northeast1"),
    projectId: fc.constantFrom("bulkhead-prod", "team-apps-2041"),
    vpc: fc.constant({ network: "projects/p/global/networks/apps", subnetwork: "projects/p/regions/r/subnetworks/run" }),
    loadBalancer: fc.record({ sslPolicy: fc.constantFrom("modern-tls12", "strict"), minTlsVersion: fc.constantFrom(...TLS_VERSIONS), redirectsHttp: fc.boolean() }),
  },
  { requiredKeys: ["kind", "region", "projectId"] },
);

const encryptionArb: fc.Arbitrary<EncryptionPolicy> = fc.record({
  ingressTlsRequired: fc.boolean(),
  minTlsVersion: fc.constantFrom(...TLS_VERSIONS),
  httpRedirectToHttps: fc.boolean(),
  serviceToServiceEncrypted: fc.boolean(),
  serviceToServiceMutualAuth: fc.boolean(),
  egressRestricted: fc.boolean(),
  egressAllowList: fc.constantFrom([], ["10.0.0.0/8"], ["api.example.com"]),
});

function specArb(): fc.Arbitrary<DeploymentSpec> {
  return fc
    .record({
      name: fc.constantFrom(...apps),
      ingress: fc.constantFrom("public" as const, "internal" as const),
      encryption: fc.option(encryptionArb, { nil: undefined }),
      peers: fc.subarray(apps),
      outbound: fc.boolean(),
      withSecret: fc.boolean(),
    })
    .map(({ name, ingress, encryption, peers, outbound, withSecret }) => {
      const links: NetworkLink[] = peers.filter((p) => p !== name).map((p) => (outbound ? { from: name, to: p, port: 8080 } : { from: p, to: name, port: 8080 }));
      return {
        name,
        image: `registry.example.com/team/app@sha256:${"a".repeat(64)}`,
        cpu: 1,
        memoryMiB: 1024,
        port: 8080,
        env: { MODE: "prod" },
        minInstances: 0,
        maxInstances: 2,
        ingress,
        healthCheckPath: "/healthz",
        labels: {},
        secrets: withSecret ? [{ name: "DB_PASSWORD", version: 2, fingerprint: "0f1e2d3c4b5a6978" }] : [],
        policy: { ...(encryption ? { encryption } : {}), links },
      };
    });
}

describe("every enforced row of a Cloud Run plan names its evidence", () => {
  it("a request the plan sends, or a check it lists, for any spec, policy and target", () => {
    let accepted = 0;
    fc.assert(
      fc.property(specArb(), coordinatesArb, (spec, c) => {
        const result = plan(spec, c);
        const operations = new Set(result.requests.map((r) => r.operation));
        const checks = new Set((result.checks ?? []).map((check) => check.operation));
        for (const row of result.enforcement ?? []) {
          if (row.by !== "request" && row.by !== "target") continue;
          expect(row.evidence, `${row.setting} (${row.by}) has no evidence`).toBeDefined();
          if ("request" in row.evidence!) expect(operations, `${row.setting}: no request ${row.evidence.request}`).toContain(row.evidence.request);
          else expect(checks, `${row.setting}: no check ${row.evidence!.check}`).toContain(row.evidence!.check);
        }
        if (!validate(spec, c).length) accepted++;
      }),
      { numRuns: 500 },
    );
    // The property held for plans apply would carry out, not only for refused ones.
    expect(accepted).toBeGreaterThan(50);
  });

  it("lists the load balancer's checks exactly when an enforced setting rests on it", () => {
    fc.assert(
      fc.property(specArb(), coordinatesArb, (spec, c) => {
        const result = plan(spec, c);
        const onTarget = (result.enforcement ?? []).some((row) => row.by === "target");
        expect((result.checks ?? []).length > 0).toBe(onTarget);
      }),
      { numRuns: 300 },
    );
  });

  it("covers each encryption setting enforced by request or target somewhere in the space", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(specArb(), coordinatesArb, (spec, c) => {
        for (const row of plan(spec, c).enforcement ?? []) if (row.by === "request" || row.by === "target") seen.add(row.setting);
      }),
      { numRuns: 500 },
    );
    expect([...seen].sort()).toEqual(ENCRYPTION_SETTINGS.filter((s) => s !== "serviceToServiceEncrypted").sort());
  });
});
