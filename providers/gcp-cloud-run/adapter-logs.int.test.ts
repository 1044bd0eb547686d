// Logs and events through the adapter and the official clients (Cloud Logging's LoggingServiceV2Client, Cloud Run's
// ServicesClient), against the emulator over loopback gRPC, whose containers probe every 300 ms.
import { generate } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTH_FAULT_VARIABLE } from "../emulated-container";
import type { RunningEmulator } from "../emulator-types";
import { ProviderError } from "../errors";
import type { DeploymentSpec, LogLine, LogQuery, ResourcePhase, ResourceRef, ResourceStatus, SecretReference, TargetConnection } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { createGcpCloudRunAdapter } from "./adapter";
import { loggingClient } from "./client";
import { startEmulator } from "./emulator";
import { startGcpSandbox } from "./sandbox";
import { drain, untilStatus } from "../testing/adapter-waits";

const PROBE_MS = 300;
const coordinates: GcpCoordinates = { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-test" };
const adapter = createGcpCloudRunAdapter({ callTimeoutMs: 5_000 });
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 150, probePeriodMs: PROBE_MS });
});
afterAll(() => emulator?.stop());

const connection = (): TargetConnection => ({ coordinates, credentials: { kind: "gcp-cloud-run", accessToken: "dummy-test-token" }, endpoint: emulator.url, maxAttempts: 1 });
const secret = (name: string): SecretReference => ({ name, version: 1, fingerprint: `fp-${name.toLowerCase()}` });
const spec = (name: string, patch: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/${name}@sha256:${"a".repeat(64)}`,
  cpu: 1,
  memoryMiB: 512,
  port: 8080,
  env: { GREETING: "value-of-greeting" },
  minInstances: 1,
  maxInstances: 2,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": name },
  ...patch,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const until = (ref: ResourceRef, done: (status: ResourceStatus) => boolean, wanted: string, ms = 5_000) => untilStatus(() => adapter.status(ref, connection()), done, wanted, { ms });
const inPhase = (ref: ResourceRef, phase: ResourcePhase, ms?: number) => until(ref, (status) => status.phase === phase, phase, ms);
const collect = (ref: ResourceRef, query: LogQuery = {}, target = connection()) => drain(adapter.logs(ref, target, query));

describe("logs", () => {
  let ref: ResourceRef;
  beforeAll(async () => {
    ref = await adapter.apply(spec("logs", { secrets: [secret("DB_PASSWORD")] }), connection(), "rev-1", { DB_PASSWORD: "value-of-password" });
    await inPhase(ref, "running");
    // A few probes' worth of lines.
    await sleep(6 * PROBE_MS);
  });

  it("selects lines by since, until, filter and limit, and prints variable names, never values", async () => {
    const all = await collect(ref);
    expect(all.slice(0, 3).map((line) => line.message)).toEqual([`Starting ${spec("logs").image}`, "Environment: DB_PASSWORD, GREETING", "Listening on port 8080"]);
    expect(all.length).toBeGreaterThan(6);
    expect(all.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(line.time) && /^[0-9a-f]{64}$/.test(line.instance ?? ""))).toBe(true);
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
    // Cloud Logging's own match ignores case; the adapter's does not.
    expect(await collect(ref, { filter: "200 ok" })).toEqual([]);
    const filtered = await collect(ref, { filter: "200 OK", since, limit: 2 });
    expect(filtered).toHaveLength(2);
    expect(filtered.every((line) => line.message.includes("200 OK") && Date.parse(line.time) >= since.getTime())).toBe(true);
    const newest = await collect(ref, { limit: 3 });
    expect(newest).toHaveLength(3);
    expect(newest[0].time <= newest[2].time && newest[2].time >= all.at(-1)!.time).toBe(true);
  });

  it("pages Cloud Logging's answer either way, ties in insert id order", async () => {
    const client = loggingClient(connection());
    // A fixed end, so both reads see the same lines.
    const until = new Date().toISOString();
    const pages = async (orderBy: string) => {
      const texts: string[] = [];
      let pageToken = "";
      do {
        const [entries, , response] = await client.listLogEntries({ resourceNames: ["projects/bulkhead-test"], filter: `resource.labels.service_name="logs" AND timestamp<"${until}"`, orderBy, pageSize: 2, pageToken }, { autoPaginate: false });
        texts.push(...entries.map((entry) => `${entry.insertId} ${entry.textPayload}`));
        pageToken = response.nextPageToken ?? "";
      } while (pageToken);
      return texts;
    };
    try {
      const ascending = await pages("timestamp asc");
      expect(ascending.length).toBeGreaterThan(6);
      expect(ascending.slice(0, 3).map((text) => text.split(" ")[1])).toEqual(["Starting", "Environment:", "Listening"]);
      expect(await pages("timestamp desc")).toEqual([...ascending].reverse());
    } finally {
      await client.close();
    }
  });

  it("follows: a line written after following started arrives within 2 s of its time, and abort ends the iterable", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const arrivals: { line: LogLine; at: number }[] = [];
    const following = (async () => {
      for await (const line of adapter.logs(ref, connection(), { follow: true, limit: 2, signal: controller.signal })) {
        arrivals.push({ line, at: Date.now() });
        if (Date.parse(line.time) > started + PROBE_MS) controller.abort();
      }
    })();
    const stop = setTimeout(() => controller.abort(), 6_000);
    await following;
    clearTimeout(stop);
    const ended = Date.now();

    const before = arrivals.filter(({ line }) => Date.parse(line.time) <= started);
    expect(before).toHaveLength(2);
    const fresh = arrivals.filter(({ line }) => Date.parse(line.time) > started + PROBE_MS);
    expect(fresh.length).toBeGreaterThan(0);
    for (const { line, at } of fresh) expect(at - Date.parse(line.time)).toBeLessThan(2_000);
    expect(fresh[0].line.message).toBe("GET /healthz 200 OK");
    expect(ended - fresh.at(-1)!.at).toBeLessThan(300);
  });

  it("follows across tail sessions: when one's deadline passes, the next opens, and every line comes once", async () => {
    const shortSessions = createGcpCloudRunAdapter({ callTimeoutMs: 5_000, tailSessionMs: 700 });
    const controller = new AbortController();
    const since = new Date();
    const tails = () => emulator.requestCounts()["Logging.TailLogEntries"] ?? 0;
    const before = tails();
    const followed: LogLine[] = [];
    const stop = setTimeout(() => controller.abort(), 3_500);
    for await (const line of shortSessions.logs(ref, connection(), { follow: true, since, signal: controller.signal })) followed.push(line);
    clearTimeout(stop);
    // Four sessions' worth: the lines printed from `since` until the last one the follower could have seen.
    const listed = await collect(ref, { since, until: new Date(Date.parse(followed.at(-1)!.time) + 1) });
    expect(tails() - before).toBeGreaterThanOrEqual(4);
    expect(followed.length).toBeGreaterThanOrEqual(8);
    expect(followed).toEqual(listed);
  });

  it("ends a follower promptly when aborted while nothing arrives", async () => {
    const controller = new AbortController();
    const iterator = adapter.logs(ref, connection(), { follow: true, filter: "never printed", signal: controller.signal })[Symbol.asyncIterator]();
    const next = iterator.next();
    await sleep(500);
    const aborted = Date.now();
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(Date.now() - aborted).toBeLessThan(300);
  });

  it("refuses a filter it cannot read, listing or tailing, with INVALID_ARGUMENT, and the adapter maps it", async () => {
    const client = loggingClient(connection());
    try {
      const refused = await client.listLogEntries({ resourceNames: ["projects/bulkhead-test"], filter: 'resource.type="cloud_run_revision" OR severity>=ERROR' }, { autoPaginate: false }).then(
        () => null,
        (error: unknown) => error as { code: number; details: string },
      );
      expect(refused).toMatchObject({ code: 3, details: expect.stringContaining('"OR"') });
      const badPage = await client.listLogEntries({ resourceNames: ["projects/bulkhead-test"], pageSize: 1001 }, { autoPaginate: false }).then(
        () => null,
        (error: unknown) => error as { code: number },
      );
      expect(badPage).toMatchObject({ code: 3 });
      const tail = client.tailLogEntries();
      const tailRefused = new Promise((resolve) => tail.once("error", resolve));
      tail.write({ resourceNames: ["projects/bulkhead-test"], filter: "NOT textPayload:GET" });
      expect(await tailRefused).toMatchObject({ code: 3, details: expect.stringContaining('"NOT"') });
    } finally {
      await client.close();
    }
    const elsewhere: TargetConnection = { ...connection(), coordinates: { ...coordinates, projectId: "x" } };
    const error = await collect(ref, {}, elsewhere).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid", message: expect.stringMatching(/^Cloud Logging refused to read the log of service logs: .*projects\/x/) });
  });

  it("says what Cloud Run reports of a healthy service and its revision", async () => {
    const events = await adapter.events(ref, connection());
    expect(events.map((event) => [event.severity, event.message, event.source.replace(/-00001-\w+/, "-00001")]).sort()).toEqual([
      ["normal", "ContainerHealthy: CONDITION_SUCCEEDED", "revision logs-00001 condition ContainerHealthy"],
      ["normal", "Ready: CONDITION_SUCCEEDED", "revision logs-00001 condition Ready"],
      ["normal", "Ready: CONDITION_SUCCEEDED", "service logs condition Ready"],
      ["normal", "ResourcesAvailable: CONDITION_SUCCEEDED", "revision logs-00001 condition ResourcesAvailable"],
    ]);
    expect(await adapter.events({ ...ref, name: "gone" }, connection())).toEqual([]);
  });
});

describe("a revision that fails its health check", () => {
  it("fails its startup probe: Cloud Run says so in its words, the old revision keeps serving, and the log shows the 503s", async () => {
    const ref = await adapter.apply(spec("sick"), connection(), "rev-1");
    await inPhase(ref, "running");
    // The fault switch in the new revision's environment: 24 failed probes (the plan's failureThreshold), 300 ms apart.
    await adapter.apply(spec("sick", { env: { GREETING: "hello", [HEALTH_FAULT_VARIABLE]: "failing" } }), connection(), "rev-2");
    const failed = await inPhase(ref, "failed", 15_000);
    const [, newRevision, why] = /^Revision '(sick-\d{5}-\w+)' is not ready and cannot serve traffic\. (The user-provided container failed the configured startup probe checks\. .*)$/.exec(failed.message) ?? [];
    expect(newRevision).toBeDefined();

    const events = await adapter.events(ref, connection());
    expect(events.map((event) => event.time)).toEqual([...events.map((event) => event.time)].sort().reverse());
    const warnings = events.filter((event) => event.severity === "warning");
    expect(warnings.map(({ message, source }) => ({ message, source })).sort((a, b) => a.source.localeCompare(b.source))).toEqual([
      { message: why, source: `revision ${newRevision} condition ContainerHealthy` },
      { message: why, source: `revision ${newRevision} condition Ready` },
      { message: failed.message, source: "service sick condition Ready" },
    ]);
    // The revision serving before it is still healthy, and says so.
    expect(events.filter((event) => event.source.startsWith("revision") && !event.source.includes(newRevision)).map((event) => event.severity)).toEqual(["normal", "normal", "normal"]);

    const sick = await collect(ref, { filter: " 503 " });
    expect(sick.length).toBe(24);
    expect(sick[0].message).toBe(`GET /healthz 503 Service Unavailable (health check switched to failing by ${HEALTH_FAULT_VARIABLE})`);
    const newInstance = sick[0].instance;
    const all = await collect(ref);
    expect(all.filter((line) => line.instance === newInstance).map((line) => line.message)).toEqual([
      `Starting ${spec("sick").image}`,
      `Environment: ${HEALTH_FAULT_VARIABLE}, GREETING`,
      "Listening on port 8080",
      ...sick.map((line) => line.message),
      // Cloud Run's own line, from the revision's system log.
      'STARTUP HTTP probe failed 24 times consecutively for container "app" on path "/healthz". The instance was not started.',
      "Received SIGTERM, shutting down",
    ]);

    // The traffic stayed on the first revision, whose instance still answers its probes.
    const controller = new AbortController();
    const seen: LogLine[] = [];
    const stop = setTimeout(() => controller.abort(), 3_000);
    for await (const line of adapter.logs(ref, connection(), { follow: true, limit: 0, signal: controller.signal })) {
      seen.push(line);
      controller.abort();
    }
    clearTimeout(stop);
    expect(seen).toEqual([expect.objectContaining({ message: "GET /healthz 200 OK" })]);
    expect(seen[0].instance).not.toBe(newInstance);
  }, 30_000);
});

describe("through the sandbox's front door (TLS, a token from the service account's key)", () => {
  it("lists and follows the log over the gate's relayed gRPC streams", { timeout: 30_000 }, async () => {
    const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], { keyType: "rsa", keySize: 2048, algorithm: "sha256", extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }] });
    const tls = { key: pems.private, cert: pems.cert };
    const cloud = await startGcpSandbox({ provisionDelayMs: 100, probePeriodMs: PROBE_MS, tokenLifetimeSeconds: 900, tls, certificate: async () => tls });
    try {
      const { target } = cloud;
      const gated: TargetConnection = { coordinates: target.coordinates, credentials: target.credentials, endpoint: target.endpoint, caCertificate: target.caCertificate, maxAttempts: 1 };
      const ref = await adapter.apply(spec("gated"), gated, "rev-1");
      const deadline = Date.now() + 5_000;
      while ((await adapter.status(ref, gated)).phase !== "running" && Date.now() < deadline) await sleep(50);
      await sleep(2 * PROBE_MS);
      expect((await collect(ref, { filter: "Listening" }, gated)).map((line) => line.message)).toEqual(["Listening on port 8080"]);

      const controller = new AbortController();
      const started = Date.now();
      const stop = setTimeout(() => controller.abort(), 5_000);
      const fresh: LogLine[] = [];
      for await (const line of adapter.logs(ref, gated, { follow: true, limit: 0, signal: controller.signal })) {
        fresh.push(line);
        controller.abort();
      }
      clearTimeout(stop);
      expect(fresh).toEqual([expect.objectContaining({ message: "GET /healthz 200 OK" })]);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await cloud.stop();
    }
  });
});
