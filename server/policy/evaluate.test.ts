import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bare, full } from "@/providers/policy.fixtures";
import type { DeploymentSpec, TargetCoordinates } from "@/providers/types";
import { encryptionArb, overrideArb } from "./arbitraries";
import { evaluate, type PolicyInput } from "./evaluate";
import type { BaseImageEntry, PlatformPolicy, TargetSummary } from "./schemas";
import { isAtLeastAsStrict } from "./tighten";

const now = new Date("2026-11-23T10:00:00Z");

/** A policy the full Cloud Run target meets for a public app: everything but mutual authentication. */
const platform: PlatformPolicy = {
  encryption: {
    ingressTlsRequired: true,
    minTlsVersion: "1.2",
    httpRedirectToHttps: true,
    serviceToServiceEncrypted: true,
    serviceToServiceMutualAuth: false,
    egressRestricted: true,
    egressAllowList: ["api.stripe.com"],
  },
  hardening: { nonRoot: true, readOnlyRootFilesystem: true, noPrivileged: true, dropCapabilities: true },
  placement: {
    regulated: [
      { label: "residency", anyOf: ["eu", "ch"] },
      { label: "zone", anyOf: ["private"] },
      { label: "confidential-compute", anyOf: ["true"] },
    ],
    confidential: [{ label: "zone", anyOf: ["private"] }],
  },
  images: { unverifiedBase: "warn", signaturesRequiredFor: [] },
  apps: { classificationChanges: "team" },
};

const ubi9: BaseImageEntry = {
  id: "img-ubi9",
  family: "os",
  name: "Red Hat UBI",
  version: "9.4",
  reference: `registry.access.redhat.com/ubi9/ubi@sha256:${"c".repeat(64)}`,
  status: "approved",
  endOfLife: new Date("2032-05-31T00:00:00Z"),
  successor: null,
};
const ubi8: BaseImageEntry = { ...ubi9, id: "img-ubi8", version: "8.10", successor: { id: "img-ubi9", name: "Red Hat UBI", version: "9.4" } };

const target = (name: string, labels: Record<string, string>, coordinates: TargetCoordinates = full["gcp-cloud-run"]) => ({ id: `t-${name}`, name, labels, coordinates });
const runEu = target("run-eu", { residency: "eu", zone: "public" });
const runEuPrivate = target("run-eu-private", { residency: "eu", zone: "private", "confidential-compute": "true" });
const runUs = target("run-us-private", { residency: "us", zone: "private", "confidential-compute": "true" });
const targets: TargetSummary[] = [runEu, runEuPrivate, runUs];

const spec: DeploymentSpec = {
  name: "orders-3f9a2c",
  image: `registry.example.com/team/orders@sha256:${"a".repeat(64)}`,
  cpu: 1,
  memoryMiB: 1024,
  port: 8080,
  env: {},
  minInstances: 1,
  maxInstances: 2,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: {},
};

const input = (changes: Partial<PolicyInput> = {}): PolicyInput => ({
  spec,
  classification: "internal",
  policies: { platform, links: [] },
  baseImage: ubi9,
  target: runEu,
  targets,
  now,
  placement: "new",
  ...changes,
});

describe("evaluate", () => {
  it("allows an approved image on a target that meets every setting, and says what enforces each", () => {
    const decision = evaluate(input());
    expect(decision).toMatchObject({ allowed: true, reasons: [] });
    expect(decision.enforcement.find((e) => e.setting === "minTlsVersion")).toMatchObject({ by: "target", construct: expect.stringMatching(/SSL policy/) });
    expect(decision.enforcement.find((e) => e.setting === "egressRestricted")).toMatchObject({ by: "request", construct: expect.stringMatching(/vpcAccess/) });
    expect(decision.policy.encryption).toEqual(platform.encryption);
  });

  it.each<[string, Partial<PolicyInput>, string, RegExp]>([
    ["a revoked base image, naming it and its successor", { baseImage: { ...ubi8, status: "revoked" } }, "base-image-revoked", /Red Hat UBI 8\.10 is revoked: rebase onto its successor Red Hat UBI 9\.4/],
    ["a revoked base image without a successor", { baseImage: { ...ubi9, status: "revoked" } }, "base-image-revoked", /revoked: no successor is named/],
    ["a base image past its end of life", { baseImage: { ...ubi8, endOfLife: new Date("2026-11-01T00:00:00Z") } }, "base-image-end-of-life", /end of life on 2026-11-01: rebase onto its successor Red Hat UBI 9\.4/],
    ["regulated data on a target without the labels, listing those that qualify", { classification: "regulated" }, "placement", /labelled zone = private; run-eu has zone = public\. Targets that qualify: run-eu-private$/],
    ["regulated data when no target qualifies", { classification: "regulated", targets: [runEu] }, "placement", /No registered target qualifies/],
    ["a setting the target cannot enforce (mutual authentication on a public Cloud Run service)", { policies: { platform, teamOverride: { serviceToServiceMutualAuth: true }, links: [] } }, "encryption", /run-eu cannot enforce serviceToServiceMutualAuth: .*allUsers/],
    ["a minimum TLS version the target's load balancer does not reach", { target: target("run-eu", {}, { ...full["gcp-cloud-run"], kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod", loadBalancer: { sslPolicy: "compat", minTlsVersion: "1.2", redirectsHttp: true } }), policies: { platform, teamOverride: { minTlsVersion: "1.3" }, links: [] } }, "encryption", /allows TLS 1\.2, below the required 1\.3/],
  ])("refuses %s", (_, changes, code, message) => {
    const decision = evaluate(input(changes));
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toContainEqual(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it("asks the provider for confidential compute exactly when the classification's placement requires confidential-compute=true", () => {
    expect(evaluate(input({ classification: "regulated", target: runEuPrivate })).policy.confidentialCompute).toBe(true);
    expect(evaluate(input({ classification: "confidential" })).policy).not.toHaveProperty("confidentialCompute");
    expect(evaluate(input()).policy).not.toHaveProperty("confidentialCompute");
  });

  it.each<[string, Partial<PolicyInput>, PolicyInput["waivers"], boolean, string[]]>([
    ["waives exactly the reasons a break-glass override names", { baseImage: { ...ubi8, status: "revoked" } }, [{ code: "base-image-revoked", subject: "Red Hat UBI 8.10" }], true, []],
    ["waives nothing for another image", { baseImage: { ...ubi8, status: "revoked" } }, [{ code: "base-image-revoked", subject: "Red Hat UBI 9.4" }], false, ["base-image-revoked"]],
    ["waives nothing for another code about the same image", { baseImage: { ...ubi8, status: "revoked", endOfLife: new Date("2026-11-01T00:00:00Z") } }, [{ code: "base-image-revoked", subject: "Red Hat UBI 8.10" }], false, ["base-image-end-of-life"]],
    ["does not waive a placement label it does not name", { classification: "regulated" }, [{ code: "placement", subject: "residency" }], false, ["placement", "placement"]],
  ])("break-glass: %s", (_, changes, waivers, allowed, remaining) => {
    const decision = evaluate(input({ ...changes, waivers }));
    expect(decision.allowed).toBe(allowed);
    expect(decision.reasons.map((reason) => reason.code)).toEqual(remaining);
    expect(decision.waived?.every((reason) => waivers!.some((w) => w.code === reason.code && w.subject === reason.subject))).toBe(true);
  });

  it("names each missing placement label on its own", () => {
    const { reasons } = evaluate(input({ classification: "regulated", target: target("bare-run", {}) }));
    expect(reasons.map((r) => r.subject)).toEqual(["residency", "zone", "confidential-compute"]);
    expect(reasons[0].message).toMatch(/labelled residency = eu or ch; bare-run has no residency label/);
  });

  it("allows regulated data on a qualifying target", () => {
    expect(evaluate(input({ classification: "regulated", target: runEuPrivate })).allowed).toBe(true);
  });

  it("warns, without refusing, for a deprecated base image and for hardening the provider cannot apply", () => {
    const decision = evaluate(input({ baseImage: { ...ubi8, status: "deprecated" } }));
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toContainEqual(expect.objectContaining({ code: "base-image-deprecated", message: expect.stringMatching(/deprecated: rebase onto its successor Red Hat UBI 9\.4/) }));
    expect(decision.warnings.filter((w) => w.code === "hardening").map((w) => w.subject)).toEqual(["nonRoot", "readOnlyRootFilesystem", "dropCapabilities"]);
  });

  it("lets a restricted image redeploy where it runs, with a warning, and refuses it a new placement", () => {
    const restricted = { ...ubi8, status: "restricted" as const };
    const redeploy = evaluate(input({ baseImage: restricted, placement: "existing" }));
    expect(redeploy.allowed).toBe(true);
    expect(redeploy.warnings).toContainEqual(expect.objectContaining({ code: "base-image-restricted", message: expect.stringMatching(/restricted: deployments already on it may redeploy.*rebase onto its successor Red Hat UBI 9\.4/) }));
    const placed = evaluate(input({ baseImage: restricted, placement: "new" }));
    expect(placed.allowed).toBe(false);
    expect(placed.reasons).toEqual([expect.objectContaining({ code: "base-image-restricted", subject: "Red Hat UBI 8.10" })]);
  });

  it("judges the base the image's layers show, not the one the app declares, and says so; an unknown base is judged as declared, with a warning", () => {
    const revokedReal = { ...ubi8, status: "revoked" as const };
    const built = evaluate(input({ baseImage: ubi9, provenance: { image: spec.image, resolved: true, realBase: revokedReal } }));
    expect(built.allowed).toBe(false);
    expect(built.reasons).toEqual([expect.objectContaining({ code: "base-image-revoked", subject: "Red Hat UBI 8.10" })]);
    expect(built.warnings).toContainEqual(expect.objectContaining({ code: "base-image-undeclared", subject: "Red Hat UBI 8.10", message: expect.stringMatching(/is built on Red Hat UBI 8\.10 \(its layers start with that image's\), not on Red Hat UBI 9\.4 as the app declares/) }));
    expect(built.judgedOn).toEqual({ id: "img-ubi8", name: "Red Hat UBI", version: "8.10", by: "layers" });

    const same = evaluate(input({ provenance: { image: spec.image, resolved: true, realBase: ubi9 } }));
    expect(same.warnings.filter((w) => w.code.startsWith("base-image"))).toEqual([]);
    expect(same.judgedOn?.by).toBe("layers");

    const unknown = evaluate(input({ provenance: { image: spec.image, resolved: true, realBase: null } }));
    expect(unknown.allowed).toBe(true);
    expect(unknown.warnings).toContainEqual(expect.objectContaining({ code: "base-image-unknown", subject: spec.image, message: expect.stringMatching(/built on no catalog base image Bulkhead could verify.*judged on Red Hat UBI 9\.4, which the app declares/) }));
    expect(unknown.judgedOn).toEqual({ id: "img-ubi9", name: "Red Hat UBI", version: "9.4", by: "declaration" });
    // Not resolved at all (a registry the team holds no credentials for): no provenance warning.
    expect(evaluate(input({ provenance: { image: spec.image, resolved: false, realBase: null } })).warnings.filter((w) => w.code.startsWith("base-image"))).toEqual([]);
  });

  it("refuses images on no verified catalog base when the platform says so, resolved or not, and never one on a verified base", () => {
    const strict = { platform: { ...platform, images: { unverifiedBase: "refuse" as const, signaturesRequiredFor: [] } }, links: [] };
    const unknown = evaluate(input({ policies: strict, provenance: { image: spec.image, resolved: true, realBase: null } }));
    expect(unknown.allowed).toBe(false);
    expect(unknown.reasons).toEqual([expect.objectContaining({ code: "base-image-unknown", subject: spec.image, message: expect.stringMatching(/no catalog base image Bulkhead could verify.*; the platform refuses images on no verified catalog base$/) })]);
    const unresolved = evaluate(input({ policies: strict, provenance: { image: spec.image, resolved: false, realBase: null } }));
    expect(unresolved.reasons).toEqual([expect.objectContaining({ code: "base-image-unknown", message: expect.stringMatching(/^Bulkhead could not check what the image is built on: the team holds no credentials for its registry/) })]);
    expect(evaluate(input({ policies: strict, provenance: { image: spec.image, resolved: true, realBase: ubi9 } })).allowed).toBe(true);
  });

  describe("signatures, where the platform requires them for the app's classification", () => {
    const requiring = { platform: { ...platform, images: { ...platform.images, signaturesRequiredFor: ["internal" as const] } }, links: [] };
    const signer = { name: "Release", scope: "Platform", fingerprint: "ab".repeat(32), layout: "sigstore-bundle" as const };
    const resolved = (signature: NonNullable<PolicyInput["provenance"]>["signature"]) => ({ image: spec.image, resolved: true, realBase: ubi9, signature });
    const tried = ["Release (Platform)", "Orders CI (Orders)"];

    it("allows an image a trusted key signed, and names the key", () => {
      const decision = evaluate(input({ policies: requiring, provenance: resolved({ signer, tried, found: 1, problem: null }) }));
      expect(decision).toMatchObject({ allowed: true, signedBy: signer });
    });

    it.each<[string, NonNullable<PolicyInput["provenance"]>, string, RegExp]>([
      ["an unsigned image, naming the keys tried", resolved({ signer: null, tried, found: 0, problem: null }), "image-unsigned", /carries no signature .*; keys tried: Release \(Platform\), Orders CI \(Orders\); internal apps need an image signed by a key the platform trusts$/],
      ["an image signed by no trusted key", resolved({ signer: null, tried, found: 2, problem: null }), "image-signature-untrusted", /has 2 signatures, but none verifies against a trusted key for this digest; keys tried: Release/],
      ["an image when no key is trusted at all, saying who adds one", resolved({ signer: null, tried: [], found: 1, problem: null }), "image-signature-untrusted", /no signing key is trusted for this team's images \(IT operations add them on Signing keys\)/],
      ["an image whose signatures the registry would not list, in its words", resolved({ signer: null, tried, found: 0, problem: "the registry answered 500" }), "image-unsigned", /could not be checked for a signature \(the registry answered 500\)/],
      ["an image resolved before signatures were checked", resolved(null), "image-unsigned", /was resolved before signatures were checked/],
      ["an image not resolved at all", { image: spec.image, resolved: false, realBase: null }, "image-unsigned", /the team holds no credentials for its registry/],
    ])("refuses %s", (_, provenance, code, message) => {
      const decision = evaluate(input({ policies: requiring, provenance }));
      expect(decision.allowed).toBe(false);
      expect(decision.reasons).toEqual([expect.objectContaining({ code, subject: spec.image, message: expect.stringMatching(message) })]);
      expect(decision.signedBy).toBeUndefined();
    });

    it("asks nothing of a classification it does not name, and still names a signer", () => {
      const unsigned = resolved({ signer: null, tried, found: 0, problem: null });
      expect(evaluate(input({ classification: "public", policies: requiring, provenance: unsigned })).allowed).toBe(true);
      expect(evaluate(input({ policies: { platform, links: [] }, provenance: resolved({ signer, tried, found: 1, problem: null }) })).signedBy).toEqual(signer);
    });
  });

  it("hands the provider only the links that touch the app", () => {
    const links = [
      { from: "orders-3f9a2c", to: "billing-1a2b3c", port: 8080 },
      { from: "web-9f8e7d", to: "orders-3f9a2c", port: 8080 },
      { from: "web-9f8e7d", to: "billing-1a2b3c", port: 8080 },
    ];
    expect(evaluate(input({ policies: { platform, links } })).policy.links).toEqual(links.slice(0, 2));
  });
});

const coordinatesArb = fc.constantFrom<TargetCoordinates>(...Object.values(full), ...Object.values(bare));
const statusArb = fc.constantFrom("approved" as const, "deprecated" as const, "restricted" as const, "revoked" as const);
const imageArb = fc.record({ status: statusArb, endOfLifeDays: fc.option(fc.integer({ min: -400, max: 400 }), { nil: null }), withSuccessor: fc.boolean() }).map(
  ({ status, endOfLifeDays, withSuccessor }): BaseImageEntry => ({
    ...ubi8,
    status,
    endOfLife: endOfLifeDays === null ? null : new Date(now.getTime() + endOfLifeDays * 86_400_000),
    successor: withSuccessor ? ubi8.successor : null,
  }),
);
const anyInput = fc
  .record({
    encryption: encryptionArb,
    override: fc.option(overrideArb, { nil: undefined }),
    image: imageArb,
    coordinates: coordinatesArb,
    ingress: fc.constantFrom("public" as const, "internal" as const),
    classification: fc.constantFrom("public" as const, "internal" as const, "confidential" as const, "regulated" as const),
    labels: fc.record({ residency: fc.constantFrom("eu", "us"), zone: fc.constantFrom("private", "public") }, { requiredKeys: [] }),
    placement: fc.constantFrom("new" as const, "existing" as const),
  })
  .map(
    (g): PolicyInput =>
      input({
        spec: { ...spec, ingress: g.ingress, cpu: 0.5, maxInstances: 1 },
        classification: g.classification,
        policies: { platform: { ...platform, encryption: g.encryption }, teamOverride: g.override, links: [] },
        baseImage: g.image,
        target: target("generated", g.labels, g.coordinates),
        placement: g.placement,
      }),
  );

describe("evaluate: properties", () => {
  it("a revoked base image is always refused, naming the image", () => {
    fc.assert(
      fc.property(anyInput, (generated) => {
        const decision = evaluate({ ...generated, baseImage: { ...generated.baseImage, status: "revoked" } });
        expect(decision.allowed).toBe(false);
        expect(decision.reasons).toContainEqual(expect.objectContaining({ code: "base-image-revoked", subject: "Red Hat UBI 8.10" }));
      }),
    );
  });

  it("an image is refused for its status exactly when revoked or, placed anew, restricted; for its age exactly when past its end of life", () => {
    fc.assert(
      fc.property(anyInput, (generated) => {
        const codes = evaluate(generated).reasons.map((r) => r.code);
        const { status, endOfLife } = generated.baseImage;
        expect(codes.includes("base-image-end-of-life")).toBe(!!endOfLife && endOfLife < now);
        expect(codes.includes("base-image-revoked")).toBe(status === "revoked");
        expect(codes.includes("base-image-restricted")).toBe(status === "restricted" && generated.placement === "new");
      }),
    );
  });

  // Not "never turns a refusal into an allowance": a stricter allow-list can be easier to enforce (ECS filters
  // egress by address, so dropping a host name makes the rest enforceable). Image and placement refusals stay.
  it("a team override never lifts an image or placement refusal, and the policy it yields is never looser", () => {
    const beyondEncryption = (decision: ReturnType<typeof evaluate>) => decision.reasons.filter((r) => r.code !== "encryption");
    fc.assert(
      fc.property(anyInput, overrideArb, (generated, override) => {
        const withoutOverride = evaluate({ ...generated, policies: { ...generated.policies, teamOverride: undefined } });
        const withOverride = evaluate({ ...generated, policies: { ...generated.policies, teamOverride: override } });
        expect(beyondEncryption(withOverride)).toEqual(beyondEncryption(withoutOverride));
        expect(isAtLeastAsStrict(withOverride.policy.encryption!, withoutOverride.policy.encryption!)).toBe(true);
      }),
    );
  });

  it("is pure: the same input gives the same decision", () => {
    fc.assert(
      fc.property(anyInput, (generated) => {
        expect(evaluate(structuredClone(generated))).toEqual(evaluate(generated));
      }),
    );
  });
});
