// Logs and events through the adapter and the official SDKs (ECS, CloudWatch Logs with its Live Tail event stream)
// against the emulator on 127.0.0.1, whose containers are probed every 300 ms; and the same logs read by a client
// Bulkhead did not write, Debian's aws CLI. The apps run behind the landing zone's HTTPS listener, so their target
// group's health check is what the fault switch fails.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTH_FAULT_VARIABLE } from "../emulated-container";
import type { RunningEmulator } from "../emulator-types";
import { awsCli, isolatedEnvironment } from "../testing/independent-clients";
import type { DeploymentSpec, EncryptionPolicy, LogLine, LogQuery, ResourcePhase, ResourceRef, ResourceStatus, SecretReference, TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { createAwsEcsAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { ensureLandingZone } from "./sandbox-landing-zone";
import { drain, untilStatus } from "../testing/adapter-waits";

const PROBE_MS = 300;
const credentials = { kind: "aws-ecs", accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret-access-key" } as const;
const adapter = createAwsEcsAdapter({ requestTimeoutMs: 5_000 });
const encryption: EncryptionPolicy = {
  ingressTlsRequired: true,
  minTlsVersion: "1.2",
  httpRedirectToHttps: true,
  serviceToServiceEncrypted: false,
  serviceToServiceMutualAuth: false,
  egressRestricted: false,
  egressAllowList: [],
};
const hardening = { nonRoot: true, readOnlyRootFilesystem: true, noPrivileged: true, dropCapabilities: true };
const secret = (name: string): SecretReference => ({ name, version: 1, fingerprint: `fp-${name}` });
const spec = (name: string, patch: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/${name}@sha256:${"a".repeat(64)}`,
  cpu: 0.25,
  memoryMiB: 512,
  port: 8080,
  env: { GREETING: "value-of-greeting" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: {},
  policy: { encryption, hardening, links: [] },
  ...patch,
});

let emulator: RunningEmulator;
let connection: TargetConnection;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: PROBE_MS, probePeriodMs: PROBE_MS });
  const coordinates: AwsCoordinates = await ensureLandingZone(emulator.url, credentials, { name: "apps", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true });
  connection = { coordinates, credentials, endpoint: emulator.url, maxAttempts: 1 };
});
afterAll(() => emulator?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const until = (ref: ResourceRef, phase: ResourcePhase, ms = 10_000) => untilStatus(() => adapter.status(ref, connection), (status) => status.phase === phase, phase, { ms });
const collect = (ref: ResourceRef, query: LogQuery = {}) => drain(adapter.logs(ref, connection, query));

describe("logs", () => {
  let ref: ResourceRef;
  beforeAll(async () => {
    ref = await adapter.apply(spec("web", { secrets: [secret("DB_PASSWORD")] }), connection, "web-1", { DB_PASSWORD: "value-of-password" });
    await until(ref, "running");
    // A few probes' worth of lines.
    await sleep(6 * PROBE_MS);
  });

  it("selects lines by since, until, filter and limit, and prints variable names, never values", async () => {
    const all = await collect(ref);
    expect(all.slice(0, 3).map((line) => line.message)).toEqual([`Starting ${spec("web").image}`, "Environment: DB_PASSWORD, GREETING", "Listening on port 8080"]);
    expect(all.length).toBeGreaterThan(6);
    expect(all.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(line.time) && /^[0-9a-f]{32}$/.test(line.instance!))).toBe(true);
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
    // A quote in the text stays a substring, not filter pattern syntax.
    expect(await collect(ref, { filter: 'GET "/healthz' })).toEqual([]);
    const filtered = await collect(ref, { filter: "200 OK", since, limit: 2 });
    expect(filtered).toHaveLength(2);
    expect(filtered.every((line) => line.message.includes("200 OK") && Date.parse(line.time) >= since.getTime())).toBe(true);
    const newest = await collect(ref, { limit: 1 });
    expect(newest).toHaveLength(1);
    expect(newest[0].time >= all.at(-1)!.time).toBe(true);
  });

  it("follows through Live Tail: a new line arrives within 2 s of its time, and abort ends the iterable", async () => {
    const before = emulator.requestCounts();
    const controller = new AbortController();
    const started = Date.now();
    const arrivals: { line: LogLine; at: number }[] = [];
    const following = (async () => {
      for await (const line of adapter.logs(ref, connection, { follow: true, limit: 2, signal: controller.signal })) {
        arrivals.push({ line, at: Date.now() });
        if (Date.parse(line.time) > started + PROBE_MS) controller.abort();
      }
    })();
    const stop = setTimeout(() => controller.abort(), 6_000);
    await following;
    clearTimeout(stop);
    const ended = Date.now();

    expect(arrivals.filter(({ line }) => Date.parse(line.time) <= started)).toHaveLength(2);
    const fresh = arrivals.filter(({ line }) => Date.parse(line.time) > started + PROBE_MS);
    expect(fresh.length).toBeGreaterThan(0);
    for (const { line, at } of fresh) expect(at - Date.parse(line.time)).toBeLessThan(2_000);
    expect(fresh[0].line.message).toBe("GET /healthz 200 OK");
    expect(ended - fresh.at(-1)!.at).toBeLessThan(500);
    // One range read, then the event stream: no polling.
    const after = emulator.requestCounts();
    expect(after.StartLiveTail - (before.StartLiveTail ?? 0)).toBe(1);
    expect(after.FilterLogEvents - (before.FilterLogEvents ?? 0)).toBe(1);
    // No line twice.
    const keys = arrivals.map(({ line }) => `${line.time} ${line.instance} ${line.message}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("ends a follower promptly when aborted while it waits for lines", async () => {
    const controller = new AbortController();
    const iterator = adapter.logs(ref, connection, { follow: true, filter: "never printed", signal: controller.signal })[Symbol.asyncIterator]();
    const next = iterator.next();
    await sleep(500);
    const aborted = Date.now();
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(Date.now() - aborted).toBeLessThan(500);
  });

  it("a follower started with the deployment, before its log group exists, gets the first lines as they are written", async () => {
    const fresh = await adapter.apply(spec("fresh"), connection, "fresh-1");
    const controller = new AbortController();
    const stop = setTimeout(() => controller.abort(), 8_000);
    const lines: LogLine[] = [];
    for await (const line of adapter.logs(fresh, connection, { follow: true, signal: controller.signal })) {
      lines.push(line);
      if (line.message.startsWith("GET ")) controller.abort();
    }
    clearTimeout(stop);
    expect(lines.map((line) => line.message)).toEqual([`Starting ${spec("fresh").image}`, "Environment: GREETING", "Listening on port 8080", "GET /healthz 200 OK"]);
  });

  it("answers no lines, and no events, for a service that does not exist", async () => {
    const ghost: ResourceRef = { kind: "aws-ecs", id: "ghost", name: "ghost" };
    expect(await collect(ghost)).toEqual([]);
    expect(await adapter.events(ghost, connection)).toEqual([]);
  });

  it("Debian's aws CLI reads the same lines with a filter pattern", { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(
      awsCli(),
      ["logs", "filter-log-events", "--log-group-name", "/bulkhead/web", "--filter-pattern", '"Environment"', "--region", "eu-west-1", "--endpoint-url", emulator.url, "--output", "json"],
      { env: isolatedEnvironment() },
    );
    const { events } = JSON.parse(stdout) as { events: { logStreamName: string; message: string; timestamp: number }[] };
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ message: "Environment: DB_PASSWORD, GREETING", logStreamName: expect.stringMatching(/^app\/app\/[0-9a-f]{32}$/) });
    const { stdout: streams } = await promisify(execFile)(awsCli(), ["logs", "describe-log-streams", "--log-group-name", "/bulkhead/web", "--region", "eu-west-1", "--endpoint-url", emulator.url, "--output", "json"], { env: isolatedEnvironment() });
    expect(JSON.parse(streams).logStreams.map((s: { logStreamName: string }) => s.logStreamName)).toEqual([events[0].logStreamName]);
    const missing = await promisify(execFile)(awsCli(), ["logs", "filter-log-events", "--log-group-name", "/bulkhead/none", "--region", "eu-west-1", "--endpoint-url", emulator.url], { env: isolatedEnvironment() }).then(
      () => "",
      (error: { stderr: string }) => error.stderr,
    );
    expect(missing).toMatch(/ResourceNotFoundException.*The specified log group does not exist\./);
  });
});

describe("a redeploy whose container fails its health check", () => {
  it("is stopped by ECS for failing ELB health checks, failed by the circuit breaker and rolled back, in ECS's words", async () => {
    const ref = await adapter.apply(spec("sick"), connection, "sick-1");
    await until(ref, "running");
    // The fault switch as a secret: the container sees it, no answer shows its value.
    await adapter.apply(spec("sick", { secrets: [secret(HEALTH_FAULT_VARIABLE)] }), connection, "sick-2", { [HEALTH_FAULT_VARIABLE]: "failing" });
    const failed = await until(ref, "failed", 15_000);
    expect(failed.message).toMatch(/ECS deployment circuit breaker: tasks failed to start\..*a task stopped: Task failed ELB health checks in \(target-group arn:aws:elasticloadbalancing:eu-west-1:000000000000:targetgroup\//);
    // The previous deployment still serves.
    expect(failed.runningInstances).toBe(1);

    const events = await adapter.events(ref, connection);
    expect(events.map((event) => event.time)).toEqual([...events.map((event) => event.time)].sort().reverse());
    const stops = events.filter((event) => event.source.startsWith("stopped task "));
    expect(stops).toHaveLength(3);
    for (const stop of stops) expect(stop).toMatchObject({ severity: "warning", message: expect.stringMatching(/^Task failed ELB health checks in \(target-group arn:aws:elasticloadbalancing:/) });
    expect(events).toContainEqual(expect.objectContaining({ severity: "warning", message: "ECS deployment circuit breaker: tasks failed to start.", source: expect.stringMatching(/^ECS deployment ecs-svc\/\d+$/) }));
    const said = events.filter((event) => event.source === "ECS service event").map((event) => event.message);
    expect(said).toContainEqual(expect.stringMatching(/^\(service sick\) \(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\.$/));
    expect(said).toContainEqual(expect.stringMatching(/^\(service sick\) rolling back to deployment ecs-svc\/\d+\.$/));
    expect(said).toContainEqual(expect.stringMatching(/^\(service sick\) \(port 8080\) is unhealthy in \(target-group arn:aws:elasticloadbalancing:\S+\) due to \(reason Health checks failed with these codes: \[503\]\)\.$/));
    expect(said).toContain("(service sick) has reached a steady state.");
    expect(JSON.stringify(events)).not.toMatch(/"failing"/);

    const answers = await collect(ref, { filter: " 503 " });
    expect(answers.length).toBeGreaterThan(0);
    expect(answers[0].message).toBe(`GET /healthz 503 Service Unavailable (health check switched to failing by ${HEALTH_FAULT_VARIABLE})`);
    expect((await collect(ref, { filter: "SIGTERM" })).length).toBe(3);

    // Bulkhead's own rollback (a healthy revision applied again): what happened stays readable, as ECS keeps stopped
    // tasks, its events and the log streams.
    await adapter.apply(spec("sick"), connection, "sick-3");
    await until(ref, "running");
    const later = await adapter.events(ref, connection);
    expect(later.filter((event) => /^Task failed ELB health checks in /.test(event.message))).toHaveLength(3);
    expect(later.map((event) => event.message)).toContainEqual(expect.stringMatching(/^\(service sick\) \(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\.$/));
    expect(later).toContainEqual(expect.objectContaining({ severity: "normal", message: expect.stringMatching(/^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/) }));
    expect((await collect(ref, { filter: " 503 " })).length).toBe(answers.length);
  });
});
