// The emulator as a witness, driven by @kubernetes/client-node (a client Bulkhead did not write) over HTTPS with the
// emulator's CA and a bearer token: Status errors, server-side apply and its conflicts, validation, watches and
// 410 Gone, the Deployment controller's readiness, scheduling, Pod Security admission, access reviews and faults.
import { request } from "node:https";
import { AppsV1Api, AuthorizationV1Api, CoreV1Api, KubeConfig, type KubernetesObject, KubernetesObjectApi, PatchStrategy, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/providers/emulator-types";
import { startEmulator } from "./emulator";

const TOKEN = "admin-token";
const READER = "reader-token";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    provisionDelayMs: 150,
    watchWindow: 50,
    tokens: { [TOKEN]: { user: "admin" }, [READER]: { user: "reader", allow: { deployments: ["get", "list", "watch"] } } },
    nodes: [
      { name: "node-1", labels: { zone: "a" } },
      { name: "node-2", labels: { zone: "b" }, taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] },
    ],
  });
});
afterAll(() => emulator?.stop());

function config(token = TOKEN): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "emulator", server: emulator.url, caData: Buffer.from(emulator.caCertificate!).toString("base64") }],
    users: [{ name: "user", token }],
    contexts: [{ name: "emulator", cluster: "emulator", user: "user" }],
    currentContext: "emulator",
  });
  return kc;
}

/** A raw request, for what the typed client hides (headers, content types). */
function call(method: string, path: string, body?: object | string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, { method, ca: emulator.caCertificate, headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
  });
}

const deployment = (name: string, namespace: string, patch: { replicas?: number; image?: string; podSpec?: object } = {}): KubernetesObject & { spec: object } => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace },
  spec: {
    replicas: patch.replicas ?? 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: patch.image ?? "nginx:1.27", env: [{ name: "MODE", value: "web" }, { name: "TOKEN", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } }] }], ...patch.podSpec } },
  },
});

async function apply(object: KubernetesObject, manager = "bulkhead", force = false, kc = config()) {
  return KubernetesObjectApi.makeApiClient(kc).patch(object, undefined, undefined, manager, force, PatchStrategy.ServerSideApply);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as { code?: number; body?: unknown } | undefined;
  expect(error?.code, "the call should have been refused").toBeTypeOf("number");
  return { code: error!.code!, body: (typeof error!.body === "string" ? JSON.parse(error!.body) : error!.body) as Record<string, unknown> };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function namespace(name: string, labels: Record<string, string> = {}) {
  await apply({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
}

describe("authentication and Status errors", () => {
  it("answers 401 Unauthorized as a Status to an unknown token", async () => {
    // The client documents 401 without a body and drops it; the raw answer shows the Status.
    expect((await refusal(config("wrong").makeApiClient(CoreV1Api).listNamespace())).code).toBe(401);
    const { status, body } = await call("GET", "/api/v1/namespaces", undefined, { Authorization: "Bearer wrong" });
    expect(status).toBe(401);
    expect(body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Unauthorized", code: 401 });
  });

  it("answers 404 NotFound and 409 AlreadyExists in the API server's words", async () => {
    const apps = config().makeApiClient(AppsV1Api);
    const missing = await refusal(apps.readNamespacedDeployment({ name: "nope", namespace: "default" }));
    expect(missing.body).toMatchObject({ reason: "NotFound", message: 'deployments.apps "nope" not found', details: { name: "nope", group: "apps", kind: "deployments" }, code: 404 });
    const core = config().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "twice" } } });
    const again = await refusal(core.createNamespace({ body: { metadata: { name: "twice" } } }));
    expect(again.body).toMatchObject({ reason: "AlreadyExists", message: 'namespaces "twice" already exists', code: 409 });
  });

  it("refuses a verb the token's grant lacks with the RBAC words, and says so in a SelfSubjectAccessReview", async () => {
    const reader = config(READER);
    const denied = await refusal(reader.makeApiClient(AppsV1Api).deleteNamespacedDeployment({ name: "web", namespace: "default" }));
    expect(denied.body).toMatchObject({ reason: "Forbidden", code: 403, message: 'deployments.apps "web" is forbidden: User "reader" cannot delete resource "deployments" in API group "apps" in the namespace "default"' });
    const review = (verb: string) => reader.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb, group: "apps", resource: "deployments", namespace: "default" } } } });
    expect((await review("list")).status?.allowed).toBe(true);
    expect((await review("patch")).status?.allowed).toBe(false);
  });
});

describe("server-side apply", () => {
  beforeAll(async () => {
    await namespace("shop");
    await config().makeApiClient(CoreV1Api).createNamespacedSecret({ namespace: "shop", body: { metadata: { name: "creds" }, stringData: { token: "s3cret" } } });
  });

  it("creates through KubernetesObjectApi (discovery, then apply) and records the manager's fields", async () => {
    const created = (await apply(deployment("web", "shop"))) as KubernetesObject & { metadata: { managedFields?: { manager: string; operation: string; fieldsV1: Record<string, unknown> }[]; generation?: number } };
    expect(created.metadata.generation).toBe(1);
    const entry = created.metadata.managedFields?.find((candidate) => candidate.manager === "bulkhead");
    expect(entry?.operation).toBe("Apply");
    expect(entry?.fieldsV1).toMatchObject({ "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {} } } } } } });
    expect(emulator.resourceNames()).toContain("shop/web");
    expect(emulator.containerEnvironments()["shop/web"]).toEqual({ MODE: "web", TOKEN: "s3cret" });
    expect(emulator.storedSecrets()["shop/creds/token"]).toBe("s3cret");
    expect(emulator.requestCounts()["patch deployments"]).toBeGreaterThan(0);
  });

  it("refuses a second manager's different value with the API server's conflict message, and takes it with force", async () => {
    const other = deployment("web", "shop", { replicas: 3 });
    const conflict = await refusal(apply(other, "kubectl"));
    expect(conflict.code).toBe(409);
    expect(conflict.body).toMatchObject({ reason: "Conflict", message: 'Apply failed with 1 conflict: conflict with "bulkhead" using apps/v1: .spec.replicas', details: { causes: [{ reason: "FieldManagerConflict", field: ".spec.replicas" }] } });
    const forced = (await apply(other, "kubectl", true)) as { spec: { replicas: number }; metadata: { generation: number } };
    expect(forced.spec.replicas).toBe(3);
    expect(forced.metadata.generation).toBe(2);
    // Now "kubectl" owns replicas: bulkhead's old value conflicts in turn, worded for two fields when the image differs too.
    const both = await refusal(apply(deployment("web", "shop", { replicas: 2, image: "nginx:1.28" }), "kubectl"));
    expect(both.code).toBe(409);
    expect(String(both.body.message)).toBe('Apply failed with 1 conflict: conflict with "bulkhead" using apps/v1: .spec.template.spec.containers[name="app"].image');
  });

  it("requires a fieldManager for apply (422 on PatchOptions) and refuses unknown patch types (415)", async () => {
    const missing = await call("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", deployment("web", "shop"), { "Content-Type": "application/apply-patch+yaml" });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const unknown = await call("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", {}, { "Content-Type": "text/plain" });
    expect(unknown.status).toBe(415);
    expect(unknown.body.reason).toBe("UnsupportedMediaType");
  });

  it("applies a YAML body and merge-patches, bumping generation only on spec changes", async () => {
    const yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n";
    const created = await call("PATCH", "/api/v1/namespaces/shop/services/web?fieldManager=bulkhead", yaml, { "Content-Type": "application/apply-patch+yaml" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ spec: { type: "ClusterIP", ports: [{ port: 80, protocol: "TCP", targetPort: 80 }] } });
    const before = await call("GET", "/apis/apps/v1/namespaces/shop/deployments/web");
    const labelled = await call("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", { metadata: { labels: { team: "a" } } }, { "Content-Type": "application/merge-patch+json" });
    expect(labelled.body).toMatchObject({ metadata: { labels: { team: "a" }, generation: (before.body.metadata as { generation: number }).generation } });
    expect(Number((labelled.body.metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(Number((before.body.metadata as { resourceVersion: string }).resourceVersion));
  });
});

describe("updates and deletes", () => {
  it("refuses a PUT from a stale resourceVersion and deletes a collection by label", async () => {
    await namespace("store");
    const core = config().makeApiClient(CoreV1Api);
    for (const [name, tier] of [["a", "web"], ["b", "web"], ["c", "db"]]) await core.createNamespacedSecret({ namespace: "store", body: { metadata: { name, labels: { tier } }, stringData: { key: name } } });
    const stale = await core.readNamespacedSecret({ name: "a", namespace: "store" });
    await core.replaceNamespacedSecret({ name: "a", namespace: "store", body: { ...stale, stringData: { key: "new" } } });
    const refused = await refusal(core.replaceNamespacedSecret({ name: "a", namespace: "store", body: stale }));
    expect(refused.body).toMatchObject({ code: 409, reason: "Conflict", message: 'Operation cannot be fulfilled on secrets "a": the object has been modified; please apply your changes to the latest version and try again' });
    expect(emulator.storedSecrets()["store/a/key"]).toBe("new");
    await core.deleteCollectionNamespacedSecret({ namespace: "store", labelSelector: "tier=web" });
    expect((await core.listNamespacedSecret({ namespace: "store" })).items.map((secret) => secret.metadata?.name)).toEqual(["c"]);
  });
});

describe("validation", () => {
  it("refuses a Deployment without an image with 422 Invalid, its causes and the API server's message", async () => {
    await namespace("checks");
    const broken = deployment("bad", "checks");
    (broken.spec as { template: { spec: { containers: { image?: string }[] } } }).template.spec.containers[0].image = undefined;
    const { code, body } = await refusal(apply(broken));
    expect(code).toBe(422);
    expect(body).toMatchObject({
      reason: "Invalid",
      message: 'Deployment.apps "bad" is invalid: spec.template.spec.containers[0].image: Required value',
      details: { name: "bad", group: "apps", kind: "Deployment", causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.template.spec.containers[0].image" }] },
    });
  });

  it("refuses what the OpenAPI schema refuses, and a selector that does not match the template", async () => {
    const noName = await call("POST", "/apis/apps/v1/namespaces/checks/deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ image: "nginx" }] } } } });
    expect(noName.status).toBe(422);
    expect(noName.body.message).toBe('Deployment.apps "x" is invalid: spec.template.spec.containers[0].name: Required value');
    const mismatch = await call("POST", "/apis/apps/v1/namespaces/checks/deployments", { ...deployment("y", "checks"), spec: { selector: { matchLabels: { app: "other" } }, template: { metadata: { labels: { app: "y" } }, spec: { containers: [{ name: "a", image: "nginx" }] } } } });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.message).toContain("`selector` does not match template `labels`");
  });
});

describe("watch", () => {
  it("streams ADDED and MODIFIED from a list's resourceVersion and ends when aborted", async () => {
    await namespace("watched");
    const list = await config().makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: "watched" });
    const events: string[] = [];
    const watcher = await new Watch(config()).watch("/apis/apps/v1/namespaces/watched/deployments", { resourceVersion: list.metadata?.resourceVersion }, (phase, object: KubernetesObject) => events.push(`${phase} ${object.metadata?.name}`), () => undefined);
    await apply(deployment("w", "watched", { replicas: 1 }));
    await until(async () => events, (seen) => seen.some((event) => event.startsWith("MODIFIED w")));
    watcher.abort();
    expect(events[0]).toBe("ADDED w");
    expect(events).toContain("MODIFIED w");
  });

  it("answers an expired resourceVersion with an ERROR event carrying 410 Expired", async () => {
    for (let index = 0; index < 60; index++) await call("PATCH", "/apis/apps/v1/namespaces/watched/deployments/w", { metadata: { annotations: { tick: String(index) } } }, { "Content-Type": "application/merge-patch+json" });
    const events: { phase: string; object: { code?: number; reason?: string } }[] = [];
    const ended = new Promise<void>((resolve) => {
      void new Watch(config()).watch("/apis/apps/v1/namespaces/watched/deployments", { resourceVersion: "2" }, (phase, object: { code?: number; reason?: string }) => events.push({ phase, object }), () => resolve());
    });
    await ended;
    expect(events).toEqual([{ phase: "ERROR", object: expect.objectContaining({ kind: "Status", code: 410, reason: "Expired" }) }]);
  });
});

describe("the simulated controllers", () => {
  it("makes a Deployment's pods ready after the delay, with the status kubectl rollout status reads", async () => {
    await namespace("ready");
    await apply(deployment("api", "ready", { replicas: 2 }));
    const apps = config().makeApiClient(AppsV1Api);
    const early = await apps.readNamespacedDeployment({ name: "api", namespace: "ready" });
    expect(early.status?.readyReplicas ?? 0).toBe(0);
    const done = await until(() => apps.readNamespacedDeployment({ name: "api", namespace: "ready" }), (found) => found.status?.readyReplicas === 2);
    expect(done.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(done.status?.conditions?.find((condition) => condition.type === "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    expect(done.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    await apply(deployment("api", "ready", { replicas: 2, image: "nginx:1.28" }), "bulkhead", true);
    const second = await apps.readNamespacedDeployment({ name: "api", namespace: "ready" });
    expect(second.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    const pods = await config().makeApiClient(CoreV1Api).listNamespacedPod({ namespace: "ready", labelSelector: "app=api" });
    expect(pods.items.map((pod) => pod.spec?.containers[0].image)).toEqual(["nginx:1.28", "nginx:1.28"]);
  });

  it("leaves pods no node takes Pending with the scheduler's words", async () => {
    await apply(deployment("gpu", "ready", { replicas: 1, podSpec: { nodeSelector: { zone: "b" } } }));
    const pods = await config().makeApiClient(CoreV1Api).listNamespacedPod({ namespace: "ready", labelSelector: "app=gpu" });
    expect(pods.items[0].status?.phase).toBe("Pending");
    expect(pods.items[0].status?.conditions?.[0]).toMatchObject({
      type: "PodScheduled",
      status: "False",
      reason: "Unschedulable",
      message: "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    });
  });

  it("enforces Pod Security restricted: pods are forbidden, Deployments warned and failing to create pods", async () => {
    await namespace("locked", { "pod-security.kubernetes.io/enforce": "restricted" });
    const privileged = { containers: [{ name: "app", image: "nginx", securityContext: { privileged: true } }] };
    const pod = await call("POST", "/api/v1/namespaces/locked/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: privileged });
    expect(pod.status).toBe(403);
    expect(pod.body.message).toMatch(/^pods "p" is forbidden: violates PodSecurity "restricted:latest": privileged \(container "app" must not set securityContext\.privileged=true\), allowPrivilegeEscalation != false/);
    const admitted = await call("PATCH", "/apis/apps/v1/namespaces/locked/deployments/d?fieldManager=bulkhead", deployment("d", "locked", { podSpec: { containers: privileged.containers } }), { "Content-Type": "application/apply-patch+yaml" });
    expect(admitted.status).toBe(201);
    expect(admitted.headers.warning).toMatch(/^299 - "would violate PodSecurity \\"restricted:latest\\": privileged \(container \\"app\\" must not set securityContext\.privileged=true\), allowPrivilegeEscalation/);
    const failure = (admitted.body.status as { conditions: { type: string; reason: string; message: string }[] }).conditions.find((condition) => condition.type === "ReplicaFailure");
    expect(failure?.reason).toBe("FailedCreate");
    expect(failure?.message).toMatch(/^pods "d-[0-9a-f]{10}-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": privileged/);
  });

  it("reads the enforce level (baseline) and the warn level of a namespace", async () => {
    await namespace("base", { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" });
    const container = (securityContext: object) => ({ containers: [{ name: "app", image: "nginx", securityContext }] });
    const privileged = await call("POST", "/api/v1/namespaces/base/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: container({ privileged: true }) });
    expect(privileged.status).toBe(403);
    expect(privileged.body.message).toBe('pods "p" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)');
    const warned = await call("POST", "/api/v1/namespaces/base/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "q" }, spec: container({}) });
    expect(warned.status).toBe(201);
    expect(warned.headers.warning).toMatch(/^299 - "would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false/);
  });

  it("deletes what a namespace holds with it", async () => {
    await config().makeApiClient(CoreV1Api).deleteNamespace({ name: "ready" });
    expect(emulator.resourceNames().filter((name) => name.startsWith("ready/"))).toEqual([]);
    const pods = await call("GET", "/api/v1/namespaces/ready/pods");
    expect(pods.body.items).toEqual([]);
  });
});

describe("faults", () => {
  it("throttles with 429 and Retry-After, and fails with 500/503 Status objects", async () => {
    try {
      emulator.setFaults({ rate: 1, kinds: ["throttle"] });
      const throttled = await call("GET", "/api/v1/namespaces");
      expect(throttled.status).toBe(429);
      expect(throttled.headers["retry-after"]).toBe("1");
      expect(throttled.body).toMatchObject({ kind: "Status", reason: "TooManyRequests", details: { retryAfterSeconds: 1 } });
      emulator.setFaults({ rate: 1, kinds: ["server-error"] });
      const failed = [await call("GET", "/api/v1/namespaces"), await call("GET", "/api/v1/namespaces")];
      expect(failed.map((answer) => [answer.status, answer.body.reason])).toEqual([
        [500, "InternalError"],
        [503, "ServiceUnavailable"],
      ]);
      emulator.setFaults({ rate: 1, kinds: ["drop"] });
      await expect(call("POST", "/api/v1/namespaces", { metadata: { name: "dropped" } })).rejects.toThrow(/socket hang up|ECONNRESET/);
      emulator.setFaults(null);
      // The connection was dropped after the work: the namespace exists although the client saw no answer.
      expect((await call("GET", "/api/v1/namespaces/dropped")).status).toBe(200);
    } finally {
      emulator.setFaults(null);
    }
  });
});
