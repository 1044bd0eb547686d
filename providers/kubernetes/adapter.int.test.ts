// The real Kubernetes client, through the adapter, against the emulator over loopback HTTPS with a bearer token and
// its Pod Security admission judging pods against `restricted` (emulator-pod-security.ts). What the adapter made is read back with the client's own
// generic API, not through the adapter.
import { request } from "node:https";
import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { ProviderError } from "../errors";
import type { DeploymentSpec, ResourcePhase, ResourceRef, TargetConnection } from "../types";
import { kubernetesAdapter as adapter } from "./adapter";
import { kubeConfigOf } from "./client";
import { DEFAULT_TOKEN, startEmulator } from "./emulator";
import type { KubernetesCoordinates } from "./target-schema";

const LIMITED_TOKEN = "read-only-token";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    provisionDelayMs: 50,
    tokens: { [DEFAULT_TOKEN]: {}, [LIMITED_TOKEN]: { user: "viewer", allow: { "*": ["get", "list", "watch"] } } },
  });
});
afterAll(() => emulator?.stop());

const kubeconfig = (token: string) => `apiVersion: v1
kind: Config
clusters: [{name: emulator, cluster: {server: "${emulator.url}"}}]
users: [{name: bulkhead, user: {token: ${token}}}]
contexts: [{name: emulator, context: {cluster: emulator, user: bulkhead}}]
current-context: emulator
`;
const coordinates: KubernetesCoordinates = { kind: "kubernetes", region: "eu-west-1", cluster: "emulated", namespacePrefix: "it" };
const connect = (token = DEFAULT_TOKEN, c: KubernetesCoordinates = coordinates): TargetConnection => ({
  coordinates: c,
  credentials: { kind: "kubernetes", kubeconfig: kubeconfig(token) },
  endpoint: emulator.url,
  caCertificate: emulator.caCertificate,
});
/** A GET straight to the API server, JSON as it is on the wire: what the cluster holds, without the client's models. */
function rawGet(path: string): Promise<{ items: { metadata: { name: string }; spec: Record<string, unknown> }[] }> {
  return new Promise((resolve, reject) => {
    const call = request(`${emulator.url}${path}`, { ca: emulator.caCertificate, headers: { Authorization: `Bearer ${DEFAULT_TOKEN}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
    });
    call.on("error", reject);
    call.end();
  });
}
/** The client's generic API, for reading back what the adapter made. */
const objects = () => KubernetesObjectApi.makeApiClient(kubeConfigOf(connect()));

const digest = (hex: string) => `registry.example.com/team/demo@sha256:${hex.repeat(64)}`;
const specOf = (name: string, team: string, change: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: digest("a"),
  cpu: 0.25,
  memoryMiB: 256,
  port: 8080,
  env: { MODE: "test" },
  minInstances: 1,
  maxInstances: 2,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": `${name}-id`, "bulkhead-team": team, "bulkhead-revision": "1" },
  ...change,
});

async function waitFor(ref: ResourceRef, phase: ResourcePhase, connection = connect()) {
  const deadline = Date.now() + 10_000;
  let status = await adapter.status(ref, connection);
  while (status.phase !== phase && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await adapter.status(ref, connection);
  }
  expect(status.phase, status.message).toBe(phase);
  return status;
}

async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("the Kubernetes adapter against the emulator", () => {
  it("deploys to running under Pod Security restricted, scales, and rolls back by re-applying an older spec", async () => {
    const first = specOf("orders-1a2b3c", "shop");
    const ref = await adapter.apply(first, connect(), "k1");
    expect(ref).toEqual({ kind: "kubernetes", id: "it-shop/orders-1a2b3c", name: "orders-1a2b3c" });
    expect(await waitFor(ref, "running")).toMatchObject({ runningInstances: 1, url: "http://orders-1a2b3c.it-shop.svc:8080" });

    // The same apply again (a retried job) changes nothing and stays running.
    await adapter.apply(first, connect(), "k1");
    await waitFor(ref, "running");

    await adapter.apply({ ...first, minInstances: 3, maxInstances: 3, image: digest("b") }, connect(), "k2");
    expect((await waitFor(ref, "running")).runningInstances).toBe(3);

    await adapter.apply(first, connect(), "k3");
    await waitFor(ref, "running");
    const deployment = await objects().read<KubernetesObject & { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }>({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: first.name, namespace: "it-shop" } });
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0].image).toBe(digest("a"));
    const namespace = await objects().read({ apiVersion: "v1", kind: "Namespace", metadata: { name: "it-shop" } });
    expect(namespace.metadata?.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
    expect(await adapter.observe(first, ref, connect())).toEqual({ missing: false, drift: [] });
  });

  it("follows a rollout by watching it: one status call answers running once the pods come up, not pending", async () => {
    const slow = await startEmulator({ provisionDelayMs: 1_000 });
    try {
      const connection: TargetConnection = { ...connect(), endpoint: slow.url, caCertificate: slow.caCertificate };
      const ref = await adapter.apply(specOf("watched-4d5e6f", "shop"), connection, "w1");
      const started = Date.now();
      const status = await adapter.status(ref, connection);
      expect(status.phase, status.message).toBe("running");
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(slow.requestCounts()["watch deployments"]).toBe(1);
    } finally {
      await slow.stop();
    }
  });

  it("reports a pod template Pod Security refuses as failed, in the API server's words", async () => {
    await adapter.apply(specOf("probe-0a0b0c", "lab"), connect(), "r1");
    const rogue = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "rogue", namespace: "it-lab" }, spec: { replicas: 1, selector: { matchLabels: { app: "rogue" } }, template: { metadata: { labels: { app: "rogue" } }, spec: { containers: [{ name: "app", image: digest("c") }] } } } };
    await objects().patch(rogue, undefined, undefined, "someone-else", true, PatchStrategy.ServerSideApply);
    const status = await waitFor({ kind: "kubernetes", id: "it-lab/rogue", name: "rogue" }, "failed");
    expect(status.message).toMatch(/^ReplicaFailure.*violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    // Someone else's workload lives in the namespace: destroying Bulkhead's last app there leaves the namespace.
    await adapter.destroy({ kind: "kubernetes", id: "it-lab/probe-0a0b0c", name: "probe-0a0b0c" }, connect());
    const namespace = await objects().read({ apiVersion: "v1", kind: "Namespace", metadata: { name: "it-lab" } });
    expect(namespace.metadata?.deletionTimestamp).toBeUndefined();
  });

  it("delivers secrets through a Kubernetes Secret the container reads, and reports drift someone else made", async () => {
    const spec = specOf("billing-4d5e6f", "shop", { secrets: [{ name: "DB_PASSWORD", version: 1, fingerprint: "abc123" }] });
    const ref = await adapter.apply(spec, connect(), "s1", { DB_PASSWORD: "hunter2" });
    await waitFor(ref, "running");
    expect(emulator.containerEnvironments()["it-shop/billing-4d5e6f"]).toEqual({ MODE: "test", DB_PASSWORD: "hunter2" });
    expect(JSON.stringify(adapter.plan(spec, coordinates))).not.toContain("hunter2");

    await objects().patch(
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: spec.name, namespace: "it-shop" }, spec: { replicas: 2 } },
      undefined,
      undefined,
      "someone-else",
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(await adapter.observe(spec, ref, connect())).toEqual({ missing: false, drift: [{ field: "minInstances", expected: 1, actual: 2 }] });
  });

  it("turns approved links and the egress allow-list into NetworkPolicies the cluster holds", async () => {
    const spec = specOf("ledger-7a8b9c", "finance", {
      policy: {
        links: [
          { from: "orders-1a2b3c", to: "ledger-7a8b9c", port: 8080 },
          { from: "ledger-7a8b9c", to: "audit-0f0e0d", port: 9090 },
        ],
        encryption: { ingressTlsRequired: false, minTlsVersion: "1.2", httpRedirectToHttps: false, serviceToServiceEncrypted: false, serviceToServiceMutualAuth: false, egressRestricted: true, egressAllowList: ["10.20.0.0/16"] },
      },
    });
    const ref = await adapter.apply(spec, connect(), "l1");
    await waitFor(ref, "running");
    const policies = await rawGet("/apis/networking.k8s.io/v1/namespaces/it-finance/networkpolicies");
    const byName = Object.fromEntries(policies.items.map((p) => [p.metadata.name, p.spec]));
    expect(Object.keys(byName).sort()).toEqual(["allow-dns", "default-deny", "ledger-7a8b9c-egress", "ledger-7a8b9c-ingress"]);
    expect(byName["default-deny"]).toMatchObject({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(byName["ledger-7a8b9c-ingress"].ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "app.kubernetes.io/managed-by": "bulkhead" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "orders-1a2b3c", "app.kubernetes.io/managed-by": "bulkhead" } } }], ports: [{ protocol: "TCP", port: 8080 }] },
    ]);
    expect(byName["ledger-7a8b9c-egress"].egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { "app.kubernetes.io/managed-by": "bulkhead" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "audit-0f0e0d", "app.kubernetes.io/managed-by": "bulkhead" } } }], ports: [{ protocol: "TCP", port: 9090 }] },
      { to: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
    expect(await adapter.observe(spec, ref, connect())).toEqual({ missing: false, drift: [] });

    // A revoked link is gone from the policy at the next apply.
    await adapter.apply({ ...spec, policy: { ...spec.policy, links: [] } }, connect(), "l2");
    const after = await rawGet("/apis/networking.k8s.io/v1/namespaces/it-finance/networkpolicies");
    expect(after.items.find((p) => p.metadata.name === "ledger-7a8b9c-ingress")?.spec.ingress ?? []).toEqual([]);
  });

  it("refuses a public app until the team's namespace holds the target's TLS secret, then publishes it over TLS", async () => {
    const withIngress: KubernetesCoordinates = { ...coordinates, ingress: { className: "nginx", tlsSecretName: "wildcard-tls", minTlsVersion: "1.2", domain: "apps.example.com" } };
    const spec = specOf("web-5f6a7b", "front", { ingress: "public" });
    await objects().patch({ apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "nginx" }, spec: { controller: "k8s.io/ingress-nginx" } }, undefined, undefined, "test", true, PatchStrategy.ServerSideApply);
    const refused = await refusal(adapter.apply(spec, connect(DEFAULT_TOKEN, withIngress), "p1"));
    expect(refused).toMatchObject({ kind: "invalid", field: "coordinates.ingress", message: expect.stringMatching(/namespace it-front has no TLS secret wildcard-tls/) });

    const pem = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");
    await objects().patch({ apiVersion: "v1", kind: "Secret", metadata: { name: "wildcard-tls", namespace: "it-front" }, type: "kubernetes.io/tls", data: { "tls.crt": pem, "tls.key": pem } }, undefined, undefined, "test", true, PatchStrategy.ServerSideApply);
    const ref = await adapter.apply(spec, connect(DEFAULT_TOKEN, withIngress), "p2");
    expect((await waitFor(ref, "running", connect(DEFAULT_TOKEN, withIngress))).url).toBe("https://web-5f6a7b.apps.example.com");
  });

  it("destroys every object of the app, and the namespace once no app is left in it", async () => {
    const api = objects();
    const ref: ResourceRef = { kind: "kubernetes", id: "it-shop/orders-1a2b3c", name: "orders-1a2b3c" };
    await adapter.destroy(ref, connect());
    expect((await adapter.status(ref, connect())).phase).toBe("absent");
    expect(emulator.resourceNames()).not.toContain("it-shop/orders-1a2b3c");
    // Another app still lives in it-shop: the namespace and its default deny stay.
    expect((await api.read({ apiVersion: "v1", kind: "Namespace", metadata: { name: "it-shop" } })).metadata?.name).toBe("it-shop");

    await adapter.destroy({ kind: "kubernetes", id: "it-shop/billing-4d5e6f", name: "billing-4d5e6f" }, connect());
    for (const kind of [["apps/v1", "Deployment"], ["v1", "Service"], ["v1", "Secret"], ["networking.k8s.io/v1", "NetworkPolicy"]]) {
      const left = await api.list(kind[0], kind[1], "it-shop").then(
        (list) => list.items.filter((item) => item.metadata?.labels?.["app.kubernetes.io/managed-by"] === "bulkhead" && !item.metadata?.deletionTimestamp),
        () => [],
      );
      expect(left, kind[1]).toEqual([]);
    }
    const namespace = await api.read({ apiVersion: "v1", kind: "Namespace", metadata: { name: "it-shop" } }).then(
      (found) => (found.metadata?.deletionTimestamp ? "terminating" : "present"),
      () => "gone",
    );
    expect(namespace).not.toBe("present");
    // Destroying again is fine.
    await adapter.destroy({ kind: "kubernetes", id: "it-shop/billing-4d5e6f", name: "billing-4d5e6f" }, connect());
  });

  it("retries a throttled API server, and says so when it keeps refusing", async () => {
    const spec = specOf("retry-1b2c3d", "ops");
    emulator.setFaults({ rate: 1, kinds: ["throttle"] });
    try {
      const throttled = await refusal(adapter.apply(spec, { ...connect(), maxAttempts: 2 }, "t1"));
      expect(throttled).toMatchObject({ kind: "throttled", retryable: true, message: expect.stringMatching(/rate-limiting.*prepare namespace it-ops.*Too many requests/) });
    } finally {
      emulator.setFaults(null);
    }
    // About 40 requests with 1 in 20 refused: without retries apply would fail 87 times in 100; with 8 attempts it converges.
    emulator.setFaults({ rate: 0.05, kinds: ["throttle", "server-error"] });
    try {
      await adapter.apply(spec, { ...connect(), maxAttempts: 8 }, "t2");
    } finally {
      emulator.setFaults(null);
    }
    await waitFor({ kind: "kubernetes", id: "it-ops/retry-1b2c3d", name: spec.name }, "running");
  });

  it("tests a connection: the version, then the permissions it lacks, by name", async () => {
    expect(await adapter.testConnection(connect())).toMatch(/^Kubernetes v1\.\d+\.\d+ answered on cluster "emulated"/);
    const limited = await refusal(adapter.testConnection(connect(LIMITED_TOKEN)));
    expect(limited.kind).toBe("credentials");
    expect(limited.message).toMatch(/may not: create namespaces, patch namespaces,.* delete secrets/);
    expect(limited.message).not.toMatch(/get namespaces/);
    const unknown = await refusal(adapter.testConnection(connect("no-such-token")));
    expect(unknown.kind).toBe("credentials");
    expect(unknown.message).not.toContain("no-such-token");
  });
});
