// Logs, events and live status through the adapter and the official SDK, against the emulator over HTTPS on 127.0.0.1,
// whose containers probe every 300 ms (so a liveness restart takes about two seconds).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTH_FAULT_VARIABLE } from "@/providers/emulated-container";
import type { RunningEmulator } from "@/providers/emulator-types";
import type { DeploymentSpec, LogLine, LogQuery, ResourcePhase, ResourceRef, ResourceStatus, SecretReference, TargetConnection } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { createAzureAciAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { drain, untilStatus } from "../testing/adapter-waits";

const PROBE_MS = 300;
const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "apps" };
const adapter = createAzureAciAdapter({ requestTimeoutMs: 2_000, retryDelayInMs: 10 });
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 150, probePeriodMs: PROBE_MS });
});
afterAll(() => emulator?.stop());

const connection = (): TargetConnection => ({ coordinates, credentials: { kind: "azure-aci", accessToken: "dummy-token" }, endpoint: emulator.url, caCertificate: emulator.caCertificate, maxAttempts: 1 });
const secret = (name: string): SecretReference => ({ name, version: 1, fingerprint: `fp-${name}` });
const spec = (name: string, patch: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/${name}@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { GREETING: "value-of-greeting" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": name },
  ...patch,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const until = (ref: ResourceRef, done: (status: ResourceStatus) => boolean, wanted: string, ms = 5_000) => untilStatus(() => adapter.status(ref, connection()), done, wanted, { ms, every: 25 });
const inPhase = (ref: ResourceRef, phase: ResourcePhase) => until(ref, (status) => status.phase === phase, phase);
const collect = (ref: ResourceRef, query: LogQuery = {}) => drain(adapter.logs(ref, connection(), query));

describe("logs", () => {
  let ref: ResourceRef;
  beforeAll(async () => {
    ref = await adapter.apply(spec("logs", { secrets: [secret("DB_PASSWORD")] }), connection(), "rev-1", { DB_PASSWORD: "value-of-password" });
    await inPhase(ref, "running");
    // A few probes' worth of lines.
    await sleep(5 * PROBE_MS);
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
    expect(fresh[0].line).toMatchObject({ message: "GET /healthz 200 OK", instance: "logs" });
    // The abort came with the line that ended the wait; the iterable ended with it, not a poll later.
    expect(ended - fresh.at(-1)!.at).toBeLessThan(200);
  });

  it("ends a follower promptly when aborted between two polls", async () => {
    const controller = new AbortController();
    const iterator = adapter.logs(ref, connection(), { follow: true, since: new Date(), signal: controller.signal })[Symbol.asyncIterator]();
    const next = iterator.next();
    await sleep(300);
    const aborted = Date.now();
    controller.abort();
    // Whatever a poll yielded before the abort, the iterable is done right after it.
    let result = await next;
    while (!result.done) result = await iterator.next();
    expect(Date.now() - aborted).toBeLessThan(200);
  });

  it("selects lines by since, until, filter and limit, and prints variable names, never values", async () => {
    const all = await collect(ref);
    expect(all.slice(0, 3).map((line) => line.message)).toEqual([`Starting ${spec("logs").image}`, "Environment: DB_PASSWORD, GREETING", "Listening on port 8080"]);
    expect(all.length).toBeGreaterThan(6);
    expect(all.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(line.time))).toBe(true);
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
    expect((await collect(ref, { limit: 1 }))[0].time >= all.at(-1)!.time).toBe(true);
  });
});

describe("a container that fails its health check", () => {
  it("gets restarted by ACI, and events and status say so in Azure's words", async () => {
    // The fault switch as a secure value: ACI's containers see it, no answer shows its value.
    const ref = await adapter.apply(spec("sick", { secrets: [secret(HEALTH_FAULT_VARIABLE)] }), connection(), "rev-1", { [HEALTH_FAULT_VARIABLE]: "failing" });
    const failed = await until(ref, (status) => status.phase === "failed", "failed", 8_000);
    expect(failed.message).toMatch(/^The app container fails its health check and Azure restarted it \d+ times?: (Readiness|Liveness) probe failed: HTTP probe failed with statuscode: 503$/);
    expect(failed.runningInstances).toBe(1);

    const events = await adapter.events(ref, connection());
    expect(events.map((event) => event.time)).toEqual([...events.map((event) => event.time)].sort().reverse());
    const said = (message: string) => events.find((event) => event.message === message);
    expect(said("Liveness probe failed: HTTP probe failed with statuscode: 503")).toMatchObject({ severity: "warning", source: expect.stringMatching(/^instance view of container app/) });
    expect(said("Readiness probe failed: HTTP probe failed with statuscode: 503")).toMatchObject({ severity: "warning" });
    expect(said("Container app failed liveness probe, will be restarted")).toMatchObject({ severity: "warning" });
    expect(said(`Successfully pulled image "${spec("sick").image}"`)).toMatchObject({ severity: "normal" });

    expect((await collect(ref, { filter: "Environment" })).map((line) => line.message)).toEqual([`Environment: ${HEALTH_FAULT_VARIABLE}, GREETING`]);
    // The container's answer to its probe, followed through a filter.
    const controller = new AbortController();
    const answered: LogLine[] = [];
    for await (const line of adapter.logs(ref, connection(), { follow: true, filter: " 503 ", since: new Date(), signal: controller.signal })) {
      answered.push(line);
      controller.abort();
    }
    expect(answered[0].message).toBe(`GET /healthz 503 Service Unavailable (health check switched to failing by ${HEALTH_FAULT_VARIABLE})`);
  });

  it("reads as pending while only its readiness probe fails, and running once healthy again", async () => {
    // No liveness restart yet: the readiness probe starts failing first (its initial delay is the shorter).
    const ref = await adapter.apply(spec("flaky", { env: { [HEALTH_FAULT_VARIABLE]: "failing" } }), connection(), "rev-1");
    const pending = await until(ref, (status) => status.phase === "pending" && status.message.includes("probe failed"), "pending on a failing readiness probe");
    expect(pending.message).toBe("The app container is not ready: Readiness probe failed: HTTP probe failed with statuscode: 503");
    await adapter.apply(spec("flaky"), connection(), "rev-2");
    const running = await inPhase(ref, "running");
    expect(running).toMatchObject({ runningInstances: 1, url: expect.stringMatching(/:8080$/) });
    expect((await adapter.events(ref, connection())).filter((event) => event.severity === "warning")).toEqual([]);
  });
});
