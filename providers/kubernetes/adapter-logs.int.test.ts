// Logs and events through the adapter and the official client, against the emulator over HTTPS on 127.0.0.1, whose
// kubelet probes every 300 ms; then the same logs and events read by kubectl (/usr/bin/kubectl), a client Bulkhead did
// not write.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { KubernetesObjectApi, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTH_FAULT_VARIABLE } from "@/providers/emulated-container";
import type { RunningEmulator } from "@/providers/emulator-types";
import type { DeploymentSpec, LogLine, LogQuery, ResourceRef, SecretReference, TargetConnection } from "@/providers/types";
import { kubernetesAdapter as adapter } from "./adapter";
import { kubeConfigOf } from "./client";
import { DEFAULT_TOKEN, startEmulator } from "./emulator";
import type { KubernetesCoordinates } from "./target-schema";
import { drain } from "../testing/adapter-waits";

const PROBE_MS = 300;
const KUBECTL = "/usr/bin/kubectl";
const NAMESPACE = "it-shop";
const coordinates: KubernetesCoordinates = { kind: "kubernetes", region: "eu-west-1", cluster: "emulated", namespacePrefix: "it" };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 50, probePeriodMs: PROBE_MS });
});
afterAll(() => emulator?.stop());

const connection = (): TargetConnection => ({
  coordinates,
  credentials: { kind: "kubernetes", kubeconfig: `apiVersion: v1\nkind: Config\nclusters: [{name: emulator, cluster: {server: "${emulator.url}"}}]\nusers: [{name: bulkhead, user: {token: ${DEFAULT_TOKEN}}}]\ncontexts: [{name: emulator, context: {cluster: emulator, user: bulkhead}}]\ncurrent-context: emulator\n` },
  endpoint: emulator.url,
  caCertificate: emulator.caCertificate,
  maxAttempts: 1,
});
const secret = (name: string): SecretReference => ({ name, version: 1, fingerprint: `fp-${name}` });
const spec = (name: string, patch: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/${name}@sha256:${"a".repeat(64)}`,
  cpu: 0.25,
  memoryMiB: 256,
  port: 8080,
  env: { GREETING: "value-of-greeting" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": `${name}-id`, "bulkhead-team": "shop" },
  ...patch,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const collect = (ref: ResourceRef, query: LogQuery = {}, target = connection()) => drain(adapter.logs(ref, target, query));

async function podsOf(app: string): Promise<V1Pod[]> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfigOf(connection()));
  return (await api.list<V1Pod>("v1", "Pod", NAMESPACE, undefined, undefined, undefined, undefined, `app.kubernetes.io/name=${app}`)).items;
}

/** Waits until the app's pod's container has started (its kubelet wrote a running state). */
async function started(app: string): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const pod = (await podsOf(app)).find((each) => each.status?.containerStatuses?.[0]?.state?.running);
    if (pod?.metadata?.name) return pod.metadata.name;
    if (Date.now() > deadline) throw new Error(`no started pod of ${app}`);
    await sleep(25);
  }
}

describe("logs", () => {
  let ref: ResourceRef;
  beforeAll(async () => {
    ref = await adapter.apply(spec("logs", { secrets: [secret("DB_PASSWORD")] }), connection(), "rev-1", { DB_PASSWORD: "value-of-password" });
    await started("logs");
    // A few probes' worth of lines.
    await sleep(5 * PROBE_MS);
  });

  it("reads the start lines with variable names, never values, and selects by since, until, filter and limit", async () => {
    const all = await collect(ref);
    expect(all.slice(0, 3).map((line) => line.message)).toEqual([`Starting ${spec("logs").image}`, "Environment: DB_PASSWORD, GREETING", "Listening on port 8080"]);
    expect(all.length).toBeGreaterThan(6);
    expect(all.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(line.time) && line.instance?.startsWith("logs-"))).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/value-of-/);

    const probes = all.filter((line) => line.message === "GET /healthz 200 OK");
    const since = new Date(probes[2].time);
    const after = await collect(ref, { since });
    expect(after[0]).toEqual(probes[2]);
    expect(after.every((line) => Date.parse(line.time) >= since.getTime())).toBe(true);
    expect(after.some((line) => line.message.startsWith("Starting"))).toBe(false);

    const until = new Date(probes[1].time);
    expect((await collect(ref, { until })).map((line) => line.message)).toEqual([...all.slice(0, 3), probes[0]].map((line) => line.message));

    expect((await collect(ref, { filter: "GREETING" })).map((line) => line.message)).toEqual(["Environment: DB_PASSWORD, GREETING"]);
    expect(await collect(ref, { filter: "200 ok" })).toEqual([]);
    const filtered = await collect(ref, { filter: "200 OK", since, limit: 2 });
    expect(filtered).toHaveLength(2);
    expect(filtered.every((line) => line.message.includes("200 OK") && Date.parse(line.time) >= since.getTime())).toBe(true);
    const newest = await collect(ref, { limit: 1 });
    expect(newest).toHaveLength(1);
    expect(newest[0].time >= all.at(-1)!.time).toBe(true);
  });

  it("follows: a line written after following started arrives within 2 s of its time, and abort ends the iterable", async () => {
    const controller = new AbortController();
    const startedAt = Date.now();
    const arrivals: { line: LogLine; at: number }[] = [];
    const following = (async () => {
      for await (const line of adapter.logs(ref, connection(), { follow: true, limit: 2, signal: controller.signal })) {
        arrivals.push({ line, at: Date.now() });
        if (Date.parse(line.time) > startedAt + PROBE_MS) controller.abort();
      }
    })();
    const stop = setTimeout(() => controller.abort(), 6_000);
    await following;
    clearTimeout(stop);
    const ended = Date.now();

    expect(arrivals.filter(({ line }) => Date.parse(line.time) <= startedAt)).toHaveLength(2);
    const fresh = arrivals.filter(({ line }) => Date.parse(line.time) > startedAt + PROBE_MS);
    expect(fresh.length).toBeGreaterThan(0);
    for (const { line, at } of fresh) expect(at - Date.parse(line.time)).toBeLessThan(2_000);
    expect(fresh[0].line.message).toBe("GET /healthz 200 OK");
    expect(ended - fresh.at(-1)!.at).toBeLessThan(200);
  });

  it("ends a follower promptly when aborted while it waits for a line", async () => {
    const controller = new AbortController();
    const iterator = adapter.logs(ref, connection(), { follow: true, filter: "never printed", signal: controller.signal })[Symbol.asyncIterator]();
    const next = iterator.next();
    await sleep(500);
    const aborted = Date.now();
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(Date.now() - aborted).toBeLessThan(200);
  });

  it("learns of new pods from one watch, not by listing them again while it follows", async () => {
    const before = emulator.requestCounts();
    const controller = new AbortController();
    const following = drain(adapter.logs(ref, connection(), { follow: true, since: new Date(), signal: controller.signal }));
    // Longer than the 2 s after which the follower used to list the pods again.
    await sleep(3_500);
    controller.abort();
    await following;
    const after = emulator.requestCounts();
    const made = (request: string) => (after[request] ?? 0) - (before[request] ?? 0);
    expect(made("list pods")).toBe(1);
    expect(made("watch pods")).toBe(1);
  });

  it("follows the new pod of a rollout from its first line, and the old one to its last", async () => {
    const controller = new AbortController();
    const lines: LogLine[] = [];
    const said = (message: string) => lines.some((line) => line.message === message);
    const following = (async () => {
      for await (const line of adapter.logs(ref, connection(), { follow: true, since: new Date(), signal: controller.signal })) {
        lines.push(line);
        if (said("Environment: DB_PASSWORD, GREETING, ROLLED") && said("Received SIGTERM, shutting down")) controller.abort();
      }
    })();
    const stop = setTimeout(() => controller.abort(), 8_000);
    await sleep(200);
    await adapter.apply(spec("logs", { env: { GREETING: "value-of-greeting", ROLLED: "yes" }, secrets: [secret("DB_PASSWORD")] }), connection(), "rev-2", { DB_PASSWORD: "value-of-password" });
    await following;
    clearTimeout(stop);
    const newPod = lines.find((line) => line.message === "Environment: DB_PASSWORD, GREETING, ROLLED")?.instance;
    const oldPod = lines.find((line) => line.message === "Received SIGTERM, shutting down")?.instance;
    expect(newPod).toBeDefined();
    expect(oldPod).toBeDefined();
    expect(newPod).not.toBe(oldPod);
    // Every line of the new pod came, from its first.
    expect(lines.filter((line) => line.instance === newPod)[0].message).toMatch(/^Starting /);
  });

  it("lists the app's events newest first: placed, pulled, started, in Kubernetes' words", async () => {
    const events = await adapter.events(ref, connection());
    expect(events.map((event) => event.time)).toEqual([...events.map((event) => event.time)].sort().reverse());
    const said = (pattern: RegExp) => events.find((event) => pattern.test(event.message));
    expect(said(/^Successfully assigned it-shop\/logs-[a-z0-9]+-[a-z0-9]+ to node-/)).toMatchObject({ severity: "normal", source: expect.stringMatching(/^Event Scheduled on Pod\/logs-/) });
    expect(said(/^Successfully pulled image "registry\.example\.com\/team\/logs@sha256:a+"/)).toMatchObject({ severity: "normal", source: expect.stringMatching(/^Event Pulled on Pod\/logs-/) });
    expect(said(/^Started container app$/)).toMatchObject({ severity: "normal" });
    expect(said(/^Created pod: logs-/)).toMatchObject({ source: expect.stringMatching(/^Event SuccessfulCreate on ReplicaSet\/logs-[a-z0-9]+$/) });
    expect(said(/^Scaled up replica set logs-[a-z0-9]+ from 0 to 1$/)).toMatchObject({ source: "Event ScalingReplicaSet on Deployment/logs" });
    expect(events.filter((event) => event.severity === "warning")).toEqual([]);
  });
});

describe("a container that fails its health check", () => {
  it("prints the 503 and the kubelet's failing probe shows in the events, in its words", async () => {
    // The fault switch as a secret: the container sees it, no answer shows its value.
    const ref = await adapter.apply(spec("sick", { secrets: [secret(HEALTH_FAULT_VARIABLE)] }), connection(), "rev-1", { [HEALTH_FAULT_VARIABLE]: "failing" });
    await started("sick");
    const controller = new AbortController();
    const answered: LogLine[] = [];
    for await (const line of adapter.logs(ref, connection(), { follow: true, filter: " 503 ", signal: controller.signal })) {
      answered.push(line);
      controller.abort();
    }
    expect(answered[0].message).toBe(`GET /healthz 503 Service Unavailable (health check switched to failing by ${HEALTH_FAULT_VARIABLE})`);
    expect((await collect(ref, { filter: "Environment" })).map((line) => line.message)).toEqual([`Environment: ${HEALTH_FAULT_VARIABLE}, GREETING`]);

    await sleep(2 * PROBE_MS);
    const events = await adapter.events(ref, connection());
    // The startup probe runs first and holds the other probes back until it succeeds (container-probes docs).
    const unhealthy = events.find((event) => event.message === "Startup probe failed: HTTP probe failed with statuscode: 503");
    expect(unhealthy).toMatchObject({ severity: "warning", source: expect.stringMatching(/^Event Unhealthy on Pod\/sick-[a-z0-9]+-[a-z0-9]+/) });
    const status = await adapter.status(ref, connection());
    expect(status.phase).toBe("pending");
    expect(JSON.stringify(events)).not.toContain("failing\"");
  });
});

describe("a container that keeps failing its health check", () => {
  it("is killed, restarted, then backs off, and status and events say so in Kubernetes' words", async () => {
    // Probes every 50 ms: the plan's startup probe gives up after 24 failures, so a kill every 1.2 s.
    const fast = await startEmulator({ provisionDelayMs: 20, probePeriodMs: 50 });
    try {
      const connect = (): TargetConnection => ({ ...connection(), endpoint: fast.url, caCertificate: fast.caCertificate });
      const ref = await adapter.apply(spec("crashing", { env: { [HEALTH_FAULT_VARIABLE]: "failing" } }), connect(), "rev-1");
      const deadline = Date.now() + 8_000;
      let status = await adapter.status(ref, connect());
      while (status.phase !== "failed" && Date.now() < deadline) {
        await sleep(100);
        status = await adapter.status(ref, connect());
      }
      expect(status.message).toMatch(/^Pod crashing-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff: back-off 10s restarting failed container=app pod=crashing-/);
      const events = await adapter.events(ref, connect());
      expect(events[0]).toMatchObject({ severity: "warning", message: expect.stringMatching(/^Back-off restarting failed container app in pod crashing-/), source: expect.stringMatching(/^Event BackOff on Pod\/crashing-/) });
      expect(events.find((event) => event.message === "Container app failed startup probe, will be restarted")).toMatchObject({ severity: "warning", source: expect.stringMatching(/ \(2 times since /) });
      // The log of a container backing off is its last run's, to its end.
      expect((await collect(ref, {}, connect())).at(-1)?.message).toBe("Received SIGTERM, shutting down");
    } finally {
      await fast.stop();
    }
  });
});

describe("kubectl reading the same logs and events", () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(KUBECTL)) throw new Error(`${KUBECTL} is missing: install kubectl v1.32 (.ci/run does)`);
    dir = mkdtempSync(path.join(tmpdir(), "kubectl-logs-"));
    writeFileSync(path.join(dir, "ca.pem"), emulator.caCertificate!);
    writeFileSync(
      path.join(dir, "kubeconfig"),
      [
        "apiVersion: v1",
        "kind: Config",
        `clusters: [{name: emulator, cluster: {server: "${emulator.url}", certificate-authority: "${path.join(dir, "ca.pem")}"}}]`,
        `users: [{name: ci, user: {token: ${DEFAULT_TOKEN}}}]`,
        "contexts: [{name: emulator, context: {cluster: emulator, user: ci}}]",
        "current-context: emulator",
      ].join("\n"),
    );
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const env = (): NodeJS.ProcessEnv => ({ NODE_ENV: "test", PATH: "/usr/bin:/bin", HOME: dir, KUBECONFIG: path.join(dir, "kubeconfig"), NO_PROXY: "127.0.0.1" });
  const kubectl = async (...args: string[]) => (await promisify(execFile)(KUBECTL, args, { env: env(), timeout: 30_000 })).stdout;

  it("reads a deployment's log with timestamps, a pod's since a time, follows it, and lists its events", async () => {
    await adapter.apply(spec("viewed"), connection(), "rev-1");
    const pod = await started("viewed");
    await sleep(3 * PROBE_MS);

    const stamped = (await kubectl("logs", "deploy/viewed", "-n", NAMESPACE, "--timestamps")).trim().split("\n");
    expect(stamped.slice(0, 3)).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z Starting registry\.example\.com\/team\/viewed@sha256:a+$/),
      expect.stringMatching(/ Environment: GREETING$/),
      expect.stringMatching(/ Listening on port 8080$/),
    ]);
    // kubectl sends --since-time to the second (metav1.Time on the wire), so the lines of that whole second come.
    const sinceTime = stamped.at(-1)!.split(" ")[0];
    const since = (await kubectl("logs", pod, "-n", NAMESPACE, `--since-time=${sinceTime}`, "--timestamps")).trim().split("\n");
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((line) => Date.parse(line.split(" ")[0]) >= Math.floor(Date.parse(sinceTime) / 1000) * 1000)).toBe(true);
    expect(since).toContain(stamped.at(-1));
    expect((await kubectl("logs", pod, "-n", NAMESPACE, "--tail=1")).trim().split("\n")).toEqual(["GET /healthz 200 OK"]);

    // Follow: a line printed after kubectl started arrives while it runs.
    const follower = spawn(KUBECTL, ["logs", "-f", pod, "-n", NAMESPACE, "--tail=0", "--timestamps"], { env: env() });
    let output = "";
    follower.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const followedFrom = Date.now();
    await sleep(1_500);
    follower.kill();
    const followed = output.trim().split("\n").filter(Boolean);
    expect(followed.length).toBeGreaterThan(0);
    expect(followed.every((line) => line.endsWith(" GET /healthz 200 OK") && Date.parse(line.split(" ")[0]) >= followedFrom - 50)).toBe(true);

    const events = JSON.parse(await kubectl("get", "events", "-n", NAMESPACE, "--field-selector", `involvedObject.name=${pod}`, "-o", "json")) as { items: { reason: string; involvedObject: { name: string } }[] };
    expect(events.items.every((event) => event.involvedObject.name === pod)).toBe(true);
    expect(events.items.map((event) => event.reason)).toEqual(expect.arrayContaining(["Scheduled", "Pulling", "Pulled", "Created", "Started"]));
  });
});
