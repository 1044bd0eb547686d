// Whatever a valid spec, policy and target, the pod template the plan sends is one Pod Security `restricted` admits:
// judged by the emulator's independent judge (written from the Pod Security Standards, not from the planner).
import fc from "fast-check";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { describe, expect, it } from "vitest";
import { TLS_VERSIONS, type DeploymentSpec, type EncryptionPolicy, type NetworkLink } from "../types";
import { podSecurityViolations } from "./emulator-pod-security";
import { plan, validate } from "./plan";
import type { KubernetesCoordinates } from "./target-schema";

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/);

const coordinates: fc.Arbitrary<KubernetesCoordinates> = fc.record(
  {
    kind: fc.constant("kubernetes" as const),
    region: fc.constantFrom("eu-west-1", "on-prem-2"),
    cluster: fc.constantFrom("prod", "edge"),
    namespacePrefix: fc.constantFrom("apps", "bh"),
    ingress: fc.record({ className: fc.constant("nginx"), tlsSecretName: fc.constant("tls"), minTlsVersion: fc.constantFrom(...TLS_VERSIONS), domain: fc.constant("apps.example.com") }, { requiredKeys: ["className", "tlsSecretName", "minTlsVersion"] }),
    nodeSelector: fc.dictionary(fc.constantFrom("pool", "topology.kubernetes.io/zone"), fc.constantFrom("apps", "eu-west-1a")),
    tolerations: fc.array(fc.record({ key: fc.constantFrom("dedicated", "gpu"), operator: fc.constantFrom("Exists" as const), effect: fc.constantFrom("NoSchedule" as const, "NoExecute" as const) }), { maxLength: 2 }),
  },
  { requiredKeys: ["kind", "region", "cluster"] },
);

const encryption: fc.Arbitrary<EncryptionPolicy> = fc.record({
  ingressTlsRequired: fc.boolean(),
  minTlsVersion: fc.constantFrom(...TLS_VERSIONS),
  httpRedirectToHttps: fc.boolean(),
  serviceToServiceEncrypted: fc.constant(false),
  serviceToServiceMutualAuth: fc.constant(false),
  egressRestricted: fc.boolean(),
  egressAllowList: fc.array(fc.constantFrom("10.0.0.0/8", "203.0.113.0/24"), { maxLength: 2 }),
});

const spec: fc.Arbitrary<DeploymentSpec> = fc
  .record({
    name,
    image: fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `registry.example.com/team/app@sha256:${hex}`),
    millicores: fc.integer({ min: 1, max: 64_000 }),
    memoryMiB: fc.integer({ min: 16, max: 262_144 }),
    port: fc.integer({ min: 1, max: 65_535 }),
    env: fc.dictionary(envName, fc.string({ maxLength: 20 }), { maxKeys: 4 }),
    secrets: fc.uniqueArray(envName.map((n) => `S_${n}`), { maxLength: 3 }),
    minInstances: fc.integer({ min: 0, max: 5 }),
    extra: fc.integer({ min: 0, max: 5 }),
    ingress: fc.constantFrom("public" as const, "internal" as const),
    healthCheckPath: fc.constantFrom("/", "/healthz", "/ready"),
    team: fc.option(fc.constantFrom("shop", "payments"), { nil: undefined }),
    encryption: fc.option(encryption, { nil: undefined }),
    peers: fc.array(name, { maxLength: 3 }),
  })
  .map((s) => ({
    name: s.name,
    image: s.image,
    cpu: s.millicores / 1000,
    memoryMiB: s.memoryMiB,
    port: s.port,
    env: s.env,
    secrets: s.secrets.map((secret, i) => ({ name: secret, version: i + 1, fingerprint: "abc123" })),
    minInstances: s.minInstances,
    maxInstances: Math.max(1, s.minInstances + s.extra),
    ingress: s.ingress,
    healthCheckPath: s.healthCheckPath,
    labels: { "bulkhead-app": "id", ...(s.team ? { "bulkhead-team": s.team } : {}) },
    policy: {
      ...(s.encryption ? { encryption: s.encryption } : {}),
      links: s.peers.filter((peer) => peer !== s.name).map((peer, i): NetworkLink => (i % 2 ? { from: s.name, to: peer, port: 443 } : { from: peer, to: s.name, port: s.port })),
    },
  }));

const isPodSpec = (value: unknown): value is IPodSpec => typeof value === "object" && value !== null && Array.isArray((value as { containers?: unknown }).containers);

function podTemplateOf(s: DeploymentSpec, c: KubernetesCoordinates): IPodSpec {
  const deployment = plan(s, c).requests.find((r) => (r.body as { kind?: string }).kind === "Deployment")!.body as { spec: { template: { spec: unknown } } };
  const template = JSON.parse(JSON.stringify(deployment.spec.template.spec)) as unknown;
  if (!isPodSpec(template)) throw new Error("the Deployment has no pod template");
  return template;
}

describe("the planned pod template under Pod Security restricted", () => {
  it("never gets a violation, whatever valid spec, policy and target", () => {
    // fast-check counts only runs past fc.pre, so 300 specs that validate accepts are judged.
    fc.assert(
      fc.property(spec, coordinates, (s, c) => {
        fc.pre(validate(s, c).length === 0);
        expect(podSecurityViolations(podTemplateOf(s, c))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("the judge is not lenient: without the plan's securityContext the same template is refused", () => {
    const [s, c] = fc.sample(fc.tuple(spec, coordinates), { numRuns: 1, seed: 7 })[0];
    const template = podTemplateOf(s, c);
    const stripped: IPodSpec = { ...template, securityContext: undefined, containers: template.containers.map((container) => ({ ...container, securityContext: undefined })) };
    expect(podSecurityViolations(stripped).map((v) => v.reason)).toEqual(expect.arrayContaining(["allowPrivilegeEscalation != false", "unrestricted capabilities", "runAsNonRoot != true"]));
  });
});
