// Acceptance 1 of the policy issue: for every provider × every encryption setting, the plan contains
// the native construct or validate refuses naming the setting. Plus zero-trust links on every provider.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plan as gcpPlan } from "./gcp-cloud-run/plan";
import { validate as azureValidate } from "./azure-aci/plan";
import { bare, full } from "./policy.fixtures";
import { PROVIDER_KINDS } from "./registry";
import { casesOf, policyCases, type PolicyExpectation } from "./testing/policy-cases";
import { ENCRYPTION_SETTINGS } from "./types";
import type { DeploymentPolicy, DeploymentSpec, EncryptionPolicy, EncryptionSetting } from "./types";

const KINDS = [...PROVIDER_KINDS];

const nothing: EncryptionPolicy = {
  ingressTlsRequired: false,
  minTlsVersion: "1.2",
  httpRedirectToHttps: false,
  serviceToServiceEncrypted: false,
  serviceToServiceMutualAuth: false,
  egressRestricted: false,
  egressAllowList: [],
};

/** A policy asking for one setting only (a minimum version is asked for with ingress TLS). */
function only(setting: EncryptionSetting, allowList: string[] = ["10.20.0.0/16"]): EncryptionPolicy {
  if (setting === "minTlsVersion") return { ...nothing, ingressTlsRequired: true, minTlsVersion: "1.3" };
  if (setting === "egressRestricted") return { ...nothing, egressRestricted: true, egressAllowList: allowList };
  return { ...nothing, [setting]: true };
}

const specWith = (policy: DeploymentPolicy, ingress: "public" | "internal", name = "orders-3f9a2c"): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/orders@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { MODE: "prod" },
  minInstances: 1,
  maxInstances: 1,
  ingress,
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "app-1" },
  policy,
});

type Row = [string, EncryptionSetting, "public" | "internal", "full" | "bare", PolicyExpectation, string[]?];

const rows: Row[] = KINDS.flatMap((kind) => (policyCases.get(kind)?.rows ?? []).map((row): Row => [kind, ...row]));

it("covers every registered provider (a new one brings providers/<kind>/policy-cases.ts)", () => {
  expect([...policyCases.keys()].sort()).toEqual([...PROVIDER_KINDS].sort());
});

describe("every provider × every encryption setting: a native construct, or a refusal naming the setting", () => {
  it.each(rows)("%s · %s · %s app · %s target", (kind, setting, ingress, target, expected, allowList) => {
    const { validate, plan } = casesOf(kind);
    const coordinates = target === "full" ? casesOf(kind).full : casesOf(kind).bare;
    const spec = specWith({ encryption: only(setting, allowList) }, ingress);
    const problems = validate(spec, coordinates);
    if ("refused" in expected) {
      expect(problems).toContainEqual({ field: `policy.encryption.${setting}`, message: expect.stringMatching(expected.refused) });
      return;
    }
    // Other settings may still refuse (a minimum version comes with ingress TLS); this one must not.
    expect(problems.filter((p) => p.field === `policy.encryption.${setting}`)).toEqual([]);
    const result = plan(spec, coordinates);
    expect(result.enforcement).toContainEqual(expect.objectContaining({ setting, by: expected.by, construct: expect.stringMatching(expected.construct) }));
    if (expected.body) expect(JSON.stringify(result.requests)).toMatch(expected.body);
  });

  it("covers every provider and every setting, with at least one refusal per provider", () => {
    for (const kind of KINDS) {
      for (const setting of ENCRYPTION_SETTINGS) expect(rows.some(([k, s]) => k === kind && s === setting), `${kind} · ${setting}`).toBe(true);
      expect(rows.some(([k, , , , e]) => k === kind && "refused" in e), kind).toBe(true);
    }
  });

  it.each(KINDS)("%s: a setting the policy does not ask for is reported as not required and changes no request", (kind) => {
    const { plan } = casesOf(kind);
    const withPolicy = plan(specWith({ encryption: nothing }, "internal"), casesOf(kind).bare);
    expect(withPolicy.enforcement!.filter((e) => (ENCRYPTION_SETTINGS as readonly string[]).includes(e.setting)).map((e) => e.by)).toEqual(ENCRYPTION_SETTINGS.map(() => "not required"));
  });

  it.each(KINDS)("%s: without a policy the plan is what it was: no enforcement, no routes", (kind) => {
    const { policy: _, ...legacy } = specWith({}, "internal");
    const result = casesOf(kind).plan(legacy, casesOf(kind).full);
    expect(result.enforcement).toBeUndefined();
    expect(result.routes).toBeUndefined();
  });

  it.each(KINDS)("%s: reports every runtime hardening setting, enforced or said to be impossible", (kind) => {
    const result = casesOf(kind).plan(specWith({ hardening: { nonRoot: true, readOnlyRootFilesystem: true, noPrivileged: true, dropCapabilities: true } }, "internal"), casesOf(kind).bare);
    const hardening = result.enforcement!.filter((e) => ["nonRoot", "readOnlyRootFilesystem", "noPrivileged", "dropCapabilities"].includes(e.setting));
    expect(hardening.map((e) => e.setting).sort()).toEqual(["dropCapabilities", "noPrivileged", "nonRoot", "readOnlyRootFilesystem"]);
    for (const e of hardening) expect(e.detail.length).toBeGreaterThan(0);
  });
});

describe("zero-trust links: no link, no route; a link shows in both plans", () => {
  const caller = "orders-3f9a2c";
  const callee = "billing-1a2b3c";
  const link = { from: caller, to: callee, port: 8080 };
  const routesOf = (kind: string, name: string, links: DeploymentPolicy["links"]) => casesOf(kind).plan(specWith({ links }, "internal", name), casesOf(kind).full).routes!;

  it.each(KINDS)("%s: without a link neither plan has a route between the two apps", (kind) => {
    expect(routesOf(kind, caller, [])).toEqual([]);
    expect(routesOf(kind, callee, [])).toEqual([]);
  });

  it.each(KINDS)("%s: with a link the caller's plan shows it outbound and the callee's inbound", (kind) => {
    expect(routesOf(kind, caller, [link])).toEqual([expect.objectContaining({ direction: "outbound", peer: callee, port: 8080 })]);
    expect(routesOf(kind, callee, [link])).toEqual([expect.objectContaining({ direction: "inbound", peer: caller, port: 8080 })]);
  });

  it("Cloud Run: the callee's invoker policy names no one without a link, and exactly the caller's service account with it", () => {
    const iam = (links: DeploymentPolicy["links"]) => (gcpPlan(specWith({ links }, "internal", callee), bare["gcp-cloud-run"]) as ReturnType<typeof gcpPlan>).iamPolicy;
    expect(iam([])).toEqual({ bindings: [] });
    expect(iam([link])).toEqual({ bindings: [{ role: "roles/run.invoker", members: [expect.stringMatching(/^serviceAccount:bh-orders-3f9a2c-[0-9a-f]{6}@bulkhead-prod\.iam\.gserviceaccount\.com$/)] }] });
  });

  it.each(KINDS)("%s: refuses a link to a port the callee does not listen on, or one not involving the app", (kind) => {
    const wrongPort = casesOf(kind).validate(specWith({ links: [{ ...link, port: 9090 }] }, "internal", callee), casesOf(kind).full);
    expect(wrongPort).toContainEqual({ field: "policy.links.0", message: expect.stringMatching(/listens on port 8080/) });
    const foreign = casesOf(kind).validate(specWith({ links: [{ from: "a-1", to: "b-2", port: 8080 }] }, "internal", callee), casesOf(kind).full);
    expect(foreign).toContainEqual({ field: "policy.links.0", message: expect.stringMatching(/does not involve/) });
  });
});

describe("policy plans: properties", () => {
  const apps = ["orders-3f9a2c", "billing-1a2b3c", "web-9f8e7d", "audit-4d5e6f"];
  const linkArb = fc.record({ from: fc.constantFrom(...apps), to: fc.constantFrom(...apps) }).filter((l) => l.from !== l.to);
  const linksArb = fc.uniqueArray(linkArb, { selector: (l) => `${l.from}>${l.to}` }).map((links) => links.map((l) => ({ ...l, port: 8080 })));

  it.each(KINDS)("%s: an app's plan has a route for exactly the links that touch it, and none for any other app", (kind) => {
    fc.assert(
      fc.property(linksArb, fc.constantFrom(...apps), (links, app) => {
        const routes = casesOf(kind).plan(specWith({ links: links.filter((l) => l.from === app || l.to === app) }, "internal", app), casesOf(kind).full).routes!;
        const expected = links.filter((l) => l.from === app || l.to === app).map((l) => (l.from === app ? `outbound ${l.to}` : `inbound ${l.from}`));
        expect(routes.map((r) => `${r.direction} ${r.peer}`).sort()).toEqual(expected.sort());
      }),
    );
  });

  it.each(KINDS)("%s: a plan with a policy is plain data (revisions store it as JSON)", (kind) => {
    const everything: EncryptionPolicy = { ...nothing, ingressTlsRequired: true, httpRedirectToHttps: true, serviceToServiceEncrypted: true, egressRestricted: true, egressAllowList: ["10.0.0.0/8"] };
    const result = casesOf(kind).plan(specWith({ encryption: everything, links: [{ from: "orders-3f9a2c", to: "billing-1a2b3c", port: 8080 }] }, "internal"), casesOf(kind).full);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("ACI: the TLS sidecar's share of the group is refused on the app's size fields", () => {
    const tls = { encryption: only("ingressTlsRequired") };
    const fields = (cpu: number, memoryMiB: number) => azureValidate({ ...specWith(tls, "public"), cpu, memoryMiB }, full["azure-aci"]).map((p) => p.field);
    expect(fields(4, 1024)).toContain("cpu");
    expect(fields(1, 16 * 1024)).toContain("memoryMiB");
    expect(fields(3.9, 15.5 * 1024)).not.toContain("cpu");
  });
});
