import { describe, expect, it } from "vitest";
import type { DeploymentSpec } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { plan, validate } from "./plan";

const coordinates: GcpCoordinates = { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" };
const spec: DeploymentSpec = {
  name: "payments-api-8c1d2e",
  image: `europe-docker.pkg.dev/bulkhead/apps/payments@sha256:${"a".repeat(64)}`,
  cpu: 1,
  memoryMiB: 1024,
  port: 8080,
  env: { MODE: "prod" },
  minInstances: 1,
  maxInstances: 3,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "8c1d2e3f-0000-4000-8000-000000000000", "bulkhead-revision": "3" },
};

describe("validate", () => {
  it("accepts a spec Cloud Run can run, including fractional CPU", () => {
    expect(validate(spec, coordinates)).toEqual([]);
    expect(validate({ ...spec, cpu: 0.5, memoryMiB: 1024 }, coordinates)).toEqual([]);
    expect(validate({ ...spec, cpu: 8, memoryMiB: 32768, minInstances: 0 }, coordinates)).toEqual([]);
  });

  it.each([
    ["an image by tag", { image: "europe-docker.pkg.dev/bulkhead/apps/payments:latest" }, "image", /pinned by digest/],
    ["an image with a short digest", { image: "registry.example.com/a@sha256:abc" }, "image", /sha256:<64 hex/],
    ["a name with capitals", { name: "Payments" }, "name", /lowercase letters/],
    ["a name starting with a digit", { name: "1payments" }, "name", /starting with a letter/],
    ["a name ending with a hyphen", { name: "payments-" }, "name", /not ending with a hyphen/],
    ["a name of 50 characters", { name: "a".repeat(50) }, "name", /1–49/],
    ["3 vCPU", { cpu: 3, memoryMiB: 4096 }, "cpu", /offers 1, 2, 4, 6, 8 vCPU/],
    ["0.05 vCPU", { cpu: 0.05, memoryMiB: 512 }, "cpu", /from 0.08/],
    ["too little memory", { memoryMiB: 256 }, "memoryMiB", /between 512 MiB and 32 GiB/],
    ["too much memory", { cpu: 8, memoryMiB: 40_000 }, "memoryMiB", /between 512 MiB and 32 GiB/],
    ["a fraction of a MiB", { memoryMiB: 1024.5 }, "memoryMiB", /whole number of MiB/],
    ["0.25 vCPU with 1 GiB", { cpu: 0.25, memoryMiB: 1024 }, "memoryMiB", /less than 0.5 vCPU allows at most 512 MiB/],
    ["0.5 vCPU with 2 GiB", { cpu: 0.5, memoryMiB: 2048 }, "memoryMiB", /less than 1 vCPU allows at most 1 GiB/],
    ["1 vCPU with 8 GiB", { cpu: 1, memoryMiB: 8192 }, "cpu", /8 GiB of memory needs at least 2 vCPU/],
    ["2 vCPU with 16 GiB", { cpu: 2, memoryMiB: 16384 }, "cpu", /needs at least 4 vCPU/],
    ["4 vCPU with 1 GiB", { cpu: 4, memoryMiB: 1024 }, "memoryMiB", /4 vCPU needs at least 2 GiB/],
    ["8 vCPU with 2 GiB", { cpu: 8, memoryMiB: 2048 }, "memoryMiB", /8 vCPU needs at least 4 GiB/],
    ["port 0", { port: 0 }, "port", /between 1 and 65535/],
    ["port 70000", { port: 70_000 }, "port", /Port must be between 1 and 65535/],
    ["min above max", { minInstances: 4, maxInstances: 3 }, "minInstances", /must not exceed maximum/],
    ["max of 0", { minInstances: 0, maxInstances: 0 }, "maxInstances", /from 1 to 1000/],
    ["max above Cloud Run's limit", { maxInstances: 5000 }, "maxInstances", /from 1 to 1000/],
    ["negative min", { minInstances: -1 }, "minInstances", /from 0 to 1000/],
    ["a health path without /", { healthCheckPath: "healthz" }, "healthCheckPath", /start with "\/"/],
    ["a reserved env name", { env: { PORT: "9090" } }, "env.PORT", /set by Cloud Run itself/],
    ["an upper-case label key", { labels: { Team: "a" } }, "labels.Team", /label key/],
    ["a label value with a dot", { labels: { team: "a.b" } }, "labels.team", /label value/],
  ] as [string, Partial<DeploymentSpec>, string, RegExp][])("refuses %s, naming the field", (_, change, field, reason) => {
    const problems = validate({ ...spec, ...change }, coordinates);
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.find((p) => p.field === field)!.message).toMatch(reason);
  });

  it("checks the target's coordinates", () => {
    expect(validate(spec, { ...coordinates, projectId: "X" }).map((p) => p.field)).toEqual(["coordinates.projectId"]);
    expect(validate(spec, { ...coordinates, region: "Europe West" }).map((p) => p.field)).toEqual(["coordinates.region"]);
    expect(validate(spec, { kind: "azure-aci", region: "westeurope", subscriptionId: "s", resourceGroup: "g" })).toEqual([{ field: "coordinates", message: expect.stringMatching(/azure-aci/) }]);
  });
});

describe("plan", () => {
  it("creates the service under the target's project and region, and updates it by full name if it exists", () => {
    const { kind, requests } = plan(spec, coordinates);
    expect(kind).toBe("gcp-cloud-run");
    expect(requests.map((r) => r.operation)).toEqual(["CreateService", expect.stringMatching(/^UpdateService/)]);
    expect(requests[0].body).toMatchObject({ parent: "projects/bulkhead-prod/locations/europe-west1", serviceId: "payments-api-8c1d2e" });
    const { service: created } = requests[0].body as { service: object };
    const { service: updated } = requests[1].body as { service: { name: string } };
    expect(updated).toEqual({ name: "projects/bulkhead-prod/locations/europe-west1/services/payments-api-8c1d2e", ...created });
  });

  it("maps image, port, env, sizes, probes, scaling, ingress and labels onto the Service", () => {
    const { service } = plan(spec, coordinates).requests[0].body as { service: Record<string, never> };
    expect(service).toEqual({
      labels: spec.labels,
      ingress: "INGRESS_TRAFFIC_ALL",
      template: {
        scaling: { minInstanceCount: 1, maxInstanceCount: 3 },
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        maxInstanceRequestConcurrency: 80,
        containers: [
          {
            name: "app",
            image: spec.image,
            ports: [{ name: "http1", containerPort: 8080 }],
            env: [{ name: "MODE", value: "prod" }],
            resources: { limits: { cpu: "1", memory: "1024Mi" }, cpuIdle: true },
            startupProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 },
            livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
          },
        ],
      },
    });
  });

  it("meets fractional CPU's conditions and keeps internal apps off the internet", () => {
    const { service } = plan({ ...spec, cpu: 0.25, memoryMiB: 512, ingress: "internal" }, coordinates).requests[0].body as {
      service: { ingress: string; template: { executionEnvironment: string; maxInstanceRequestConcurrency: number; containers: { resources: object }[] } };
    };
    expect(service.ingress).toBe("INGRESS_TRAFFIC_INTERNAL_ONLY");
    expect(service.template).toMatchObject({ executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1", maxInstanceRequestConcurrency: 1 });
    expect(service.template.containers[0].resources).toEqual({ limits: { cpu: "250m", memory: "512Mi" }, cpuIdle: true });
  });

  it("says, control by control, how runtime hardening is met on Cloud Run", () => {
    const { hardening } = plan(spec, coordinates);
    expect(hardening.map((h) => [h.control, h.enforcement])).toEqual(
      expect.arrayContaining([
        ["privileged containers", "inherent to Cloud Run"],
        ["non-root user", "not configurable on Cloud Run"],
        ["read-only root filesystem", "not configurable on Cloud Run"],
        ["privilege escalation and Linux capabilities", "not configurable on Cloud Run"],
      ]),
    );
  });

  it("is pure: the same spec gives the same plan, and the spec is not changed", () => {
    const copy = structuredClone(spec);
    expect(plan(spec, coordinates)).toEqual(plan(copy, coordinates));
    expect(spec).toEqual(copy);
  });
});

describe("plan under policy", () => {
  const encryption = { ingressTlsRequired: true, minTlsVersion: "1.2" as const, httpRedirectToHttps: true, serviceToServiceEncrypted: false, serviceToServiceMutualAuth: false, egressRestricted: false, egressAllowList: [] };
  const behindLoadBalancer: GcpCoordinates = { ...coordinates, loadBalancer: { sslPolicy: "modern-tls12", minTlsVersion: "1.2", redirectsHttp: true } };

  it("makes the app's own account first, then the service, its invokers, and its grants on the callees it may call", () => {
    const links = [
      { from: "web-9f8e7d", to: spec.name, port: 8080 },
      { from: spec.name, to: "ledger-1a2b3c", port: 8080 },
    ];
    const { requests } = plan({ ...spec, ingress: "internal", policy: { links } }, coordinates);
    expect(requests.map((r) => r.operation)).toEqual([
      expect.stringMatching(/^IAM serviceAccounts\.create/),
      "CreateService",
      expect.stringMatching(/^UpdateService/),
      expect.stringMatching(/^Services\.SetIamPolicy \(roles\/run\.invoker/),
      expect.stringMatching(/^Services\.SetIamPolicy on each linked callee/),
    ]);
    expect(requests[0].body).toEqual({
      name: "projects/bulkhead-prod",
      accountId: expect.stringMatching(/^bh-payments-api-8c1d-[0-9a-f]{6}$/),
      serviceAccount: { displayName: "Bulkhead payments-api-8c1d2e (europe-west1)", description: expect.stringContaining("bulkhead_resource=payments-api-8c1d2e bulkhead_region=europe-west1") },
    });
    expect(requests[3].body).toEqual({ resource: `projects/bulkhead-prod/locations/europe-west1/services/${spec.name}`, policy: { bindings: [{ role: "roles/run.invoker", members: [expect.stringMatching(/^serviceAccount:bh-web-9f8e7d-/)] }] } });
    expect(requests[4].body).toEqual({ resources: ["projects/bulkhead-prod/locations/europe-west1/services/ledger-1a2b3c"], addMember: { role: "roles/run.invoker", member: expect.stringMatching(/^serviceAccount:bh-payments-api-8c1d-/) } });
  });

  it("gives the app a different account in each region, so destroying it in one leaves the other", () => {
    const account = (region: string) => (plan({ ...spec, policy: {} }, { ...coordinates, region }).requests[0].body as { accountId: string }).accountId;
    expect(account("europe-west1")).not.toBe(account("us-central1"));
    expect(account("europe-west1")).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])$/);
    expect(account("europe-west1").length).toBeLessThanOrEqual(30);
  });

  it("behind the target's load balancer, lists the reads apply makes of it and rests TLS settings on them", () => {
    const result = plan({ ...spec, policy: { encryption } }, behindLoadBalancer);
    expect(result.checks).toEqual([
      { operation: "Compute sslPolicies.get", reads: expect.stringContaining("projects/bulkhead-prod/global/sslPolicies/modern-tls12"), requires: expect.stringMatching(/TLS 1\.2 or higher/) },
      { operation: "Compute targetHttpsProxies.list + globalForwardingRules.list", reads: expect.any(String), requires: expect.any(String) },
      { operation: "Compute targetHttpProxies.get + urlMaps.get", reads: expect.any(String), requires: expect.stringMatching(/at least one/) },
    ]);
    const rows = Object.fromEntries(result.enforcement!.map((row) => [row.setting, row]));
    expect(rows.minTlsVersion).toMatchObject({ by: "target", evidence: { check: "Compute sslPolicies.get" } });
    expect(rows.ingressTlsRequired).toMatchObject({ by: "target", evidence: { check: "Compute targetHttpsProxies.list + globalForwardingRules.list" } });
    expect(rows.httpRedirectToHttps).toMatchObject({ by: "target", evidence: { check: "Compute targetHttpProxies.get + urlMaps.get" } });
    expect(plan({ ...spec, policy: { encryption } }, coordinates).checks).toBeUndefined();
  });
});
