import { describe, expect, it } from "vitest";
import type { DeploymentSpec, EncryptionPolicy } from "../types";
import { plan, validate } from "./plan";
import type { KubernetesCoordinates } from "./target-schema";

const coordinates: KubernetesCoordinates = {
  kind: "kubernetes",
  region: "eu-west-1",
  cluster: "prod",
  namespacePrefix: "apps",
  ingress: { className: "nginx", tlsSecretName: "wildcard-tls", minTlsVersion: "1.3", domain: "apps.example.com" },
  nodeSelector: { "node.kubernetes.io/pool": "apps" },
  tolerations: [{ key: "dedicated", operator: "Equal", value: "apps", effect: "NoSchedule" }],
};
const spec: DeploymentSpec = {
  name: "payments-8c1d2e",
  image: `registry.example.com/team/payments@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 512,
  port: 8080,
  env: { MODE: "prod" },
  minInstances: 2,
  maxInstances: 4,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "8c1d2e3f-0000-4000-8000-000000000000", "bulkhead-team": "payments", "bulkhead-revision": "3" },
  secrets: [{ name: "DB_PASSWORD", version: 2, fingerprint: "f1e2d3c4" }],
};
const encryption: EncryptionPolicy = {
  ingressTlsRequired: true,
  minTlsVersion: "1.2",
  httpRedirectToHttps: false,
  serviceToServiceEncrypted: false,
  serviceToServiceMutualAuth: false,
  egressRestricted: true,
  egressAllowList: ["10.20.0.0/16"],
};

/** Plan bodies are read as JSON here. */
type Body = Record<string, any>;
const bodies = (s: DeploymentSpec = spec, c: KubernetesCoordinates = coordinates) => plan(s, c).requests.map((r) => r.body as Body);
const find = (kind: string, name?: string, s?: DeploymentSpec) => bodies(s).find((b) => b.kind === kind && (!name || b.metadata.name === name))!;

describe("validate", () => {
  it("accepts a spec Kubernetes can run", () => {
    expect(validate(spec, coordinates)).toEqual([]);
    expect(validate({ ...spec, cpu: 0.001, memoryMiB: 16, minInstances: 0 }, { kind: "kubernetes", region: "eu-west-1", cluster: "c" })).toEqual([]);
  });

  it.each([
    ["an image by tag", { image: "registry.example.com/a:latest" }, "image", /pinned by digest/],
    ["a name starting with a digit", { name: "1web" }, "name", /starting with a letter/],
    ["a name of 50 characters", { name: "a".repeat(50) }, "name", /1–49/],
    ["a fraction of a millicore", { cpu: 0.0005 }, "cpu", /whole millicores/],
    ["more CPU than offered", { cpu: 65 }, "cpu", /to 64 vCPU/],
    ["a fraction of a MiB", { memoryMiB: 512.5 }, "memoryMiB", /whole number of MiB/],
    ["port 0", { port: 0 }, "port", /between 1 and 65535/],
    ["min above max", { minInstances: 5, maxInstances: 4 }, "minInstances", /must not exceed/],
    ["a health path without /", { healthCheckPath: "healthz" }, "healthCheckPath", /start with "\/"/],
    ["an env name with a space", { env: { "MY VAR": "x" } }, "env.MY VAR", /letters, digits/],
    ["a label value with a space", { labels: { team: "a b" } }, "labels.team", /label value/],
    ["a team that makes no namespace name", { labels: { "bulkhead-team": "Payments_Team" } }, "labels.bulkhead-team", /namespace name/],
    ["a secret named like an env variable", { env: { DB_PASSWORD: "x" } }, "secrets.DB_PASSWORD", /name of an environment variable/],
  ] as [string, Partial<DeploymentSpec>, string, RegExp][])("refuses %s, naming the field", (_, change, field, reason) => {
    const problems = validate({ ...spec, ...change }, coordinates);
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.find((p) => p.field === field)!.message).toMatch(reason);
  });

  it("refuses another provider's coordinates", () => {
    expect(validate(spec, { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" })).toEqual([{ field: "coordinates", message: expect.stringMatching(/gcp-cloud-run/) }]);
  });
});

describe("plan", () => {
  it("applies, in order, the team namespace and its default deny, then the app's objects", () => {
    expect(plan(spec, coordinates).requests.map((r) => r.operation)).toEqual([
      "server-side apply Namespace apps-payments",
      "server-side apply NetworkPolicy apps-payments/default-deny",
      "server-side apply NetworkPolicy apps-payments/allow-dns",
      "server-side apply Secret apps-payments/payments-8c1d2e-secrets",
      "server-side apply Deployment apps-payments/payments-8c1d2e",
      "server-side apply Service apps-payments/payments-8c1d2e",
      "server-side apply Ingress apps-payments/payments-8c1d2e",
      "server-side apply NetworkPolicy apps-payments/payments-8c1d2e-ingress",
      "server-side apply NetworkPolicy apps-payments/payments-8c1d2e-egress",
    ]);
  });

  it("puts the namespace under Pod Security restricted, enforced, warned and audited", () => {
    expect(find("Namespace").metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });
  });

  it("falls back to the prefix alone without a team label, and to 'bulkhead' without a prefix", () => {
    const { "bulkhead-team": _, ...labels } = spec.labels;
    expect(find("Namespace", undefined, { ...spec, labels }).metadata.name).toBe("apps");
    expect(bodies(spec, { ...coordinates, namespacePrefix: undefined })[0].metadata.name).toBe("bulkhead-payments");
  });

  it("hardens the pod as restricted admission requires, with resources, probes and the target's placement", () => {
    const pod = find("Deployment").spec.template.spec;
    const [container] = pod.containers;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container.securityContext).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/healthz", port: 8080, scheme: "HTTP" });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: 8080, scheme: "HTTP" });
    expect(pod.nodeSelector).toEqual({ "node.kubernetes.io/pool": "apps" });
    expect(pod.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "apps", effect: "NoSchedule" }]);
    expect(find("Deployment").spec.replicas).toBe(2);
    // The API server's canonical quantities, so a read-back compares equal.
    expect(find("Deployment", undefined, { ...spec, cpu: 2, memoryMiB: 2048 }).spec.template.spec.containers[0].resources.limits).toEqual({ cpu: "2", memory: "2Gi" });
    expect(find("Deployment", undefined, { ...spec, cpu: 1.5, memoryMiB: 1536 }).spec.template.spec.containers[0].resources.limits).toEqual({ cpu: "1500m", memory: "1536Mi" });
  });

  it("shows secrets by key, version and fingerprint, never a value, and reads them from the Secret", () => {
    const secret = find("Secret");
    expect(secret.stringData).toEqual({ DB_PASSWORD: expect.stringMatching(/DB_PASSWORD version 2, fingerprint f1e2d3c4/) });
    expect(find("Deployment").spec.template.spec.containers[0].env).toEqual([
      { name: "MODE", value: "prod" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "payments-8c1d2e-secrets", key: "DB_PASSWORD" } } },
    ]);
    // A rotation changes the pod template, so the pods restart with the new value.
    expect(find("Deployment").spec.template.metadata.annotations).toEqual({ "bulkhead.io/secret-versions": "DB_PASSWORD=v2:f1e2d3c4" });
    expect(bodies({ ...spec, secrets: [] }).some((b) => b.kind === "Secret")).toBe(false);
  });

  it("publishes public apps through a TLS Ingress and keeps internal ones to a ClusterIP Service", () => {
    expect(find("Service").spec).toMatchObject({ type: "ClusterIP", ports: [{ port: 8080, targetPort: 8080 }] });
    expect(find("Ingress").spec).toEqual({
      ingressClassName: "nginx",
      tls: [{ hosts: ["payments-8c1d2e.apps.example.com"], secretName: "wildcard-tls" }],
      rules: [{ host: "payments-8c1d2e.apps.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "payments-8c1d2e", port: { number: 8080 } } } }] } }],
    });
    expect(bodies({ ...spec, ingress: "internal" }).some((b) => b.kind === "Ingress")).toBe(false);
  });

  it("denies everything in the namespace, allows DNS, and opens only approved links and the allow-list's CIDRs on 443", () => {
    expect(find("NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(JSON.stringify(find("NetworkPolicy", "allow-dns").spec)).toMatch(/"port":53/);
    const linked: DeploymentSpec = {
      ...spec,
      ingress: "internal",
      policy: { encryption, links: [{ from: "web-1a2b3c", to: spec.name, port: 8080 }, { from: spec.name, to: "ledger-9f8e7d", port: 9090 }] },
    };
    const peer = (app: string) => ({ namespaceSelector: { matchLabels: { "app.kubernetes.io/managed-by": "bulkhead" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": app, "app.kubernetes.io/managed-by": "bulkhead" } } });
    expect(find("NetworkPolicy", "payments-8c1d2e-ingress", linked).spec.ingress).toEqual([{ from: [peer("web-1a2b3c")], ports: [{ protocol: "TCP", port: 8080 }] }]);
    expect(find("NetworkPolicy", "payments-8c1d2e-egress", linked).spec.egress).toEqual([
      { to: [peer("ledger-9f8e7d")], ports: [{ protocol: "TCP", port: 9090 }] },
      { to: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
    expect(plan(linked, coordinates).routes).toEqual([
      expect.objectContaining({ direction: "inbound", peer: "web-1a2b3c", port: 8080, construct: "NetworkPolicy apps-payments/payments-8c1d2e-ingress" }),
      expect.objectContaining({ direction: "outbound", peer: "ledger-9f8e7d", port: 9090, construct: "NetworkPolicy apps-payments/payments-8c1d2e-egress" }),
    ]);
    // Unrestricted egress stays open; an internal app without links admits nobody.
    expect(find("NetworkPolicy", "payments-8c1d2e-egress").spec.egress).toEqual([{}]);
    expect(find("NetworkPolicy", "payments-8c1d2e-ingress", { ...spec, ingress: "internal" }).spec.ingress).toEqual([]);
  });

  it("says what it does not do: autoscaling, scale to zero", () => {
    expect(plan(spec, coordinates).warnings).toContainEqual(expect.stringMatching(/HorizontalPodAutoscaler/));
    expect(plan({ ...spec, minInstances: 0 }, coordinates).warnings).toContainEqual(expect.stringMatching(/does not scale a Deployment to zero/));
    expect(find("Deployment", undefined, { ...spec, minInstances: 0 }).spec.replicas).toBe(1);
  });

  it("reads the target's ingress class and TLS secret back for public apps", () => {
    expect(plan(spec, coordinates).checks?.map((c) => c.operation)).toEqual(["read IngressClass nginx", "read Secret apps-payments/wildcard-tls"]);
    expect(plan({ ...spec, ingress: "internal" }, coordinates).checks).toBeUndefined();
  });

  it("is plain data", () => {
    const result = plan({ ...spec, policy: { encryption } }, coordinates);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
