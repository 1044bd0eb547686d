// The adapter through the real SDK against the emulator over loopback (127.0.0.1 only).
import { DescribeServicesCommand, ECSClient, ListTaskDefinitionsCommand } from "@aws-sdk/client-ecs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FaultKind, RunningEmulator } from "../emulator-types";
import { ProviderError, type ProviderErrorKind } from "../errors";
import type { DeploymentSpec, ResourcePhase, ResourceRef, ResourceStatus, TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { awsEcsAdapter, createAwsEcsAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { ensureLandingZone } from "./sandbox-landing-zone";

/** The cluster "apps" with its network, made in the emulator as an operator would (see sandbox-landing-zone.ts). */
let coordinates: AwsCoordinates;
const credentials = { kind: "aws-ecs", accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret-access-key" } as const;
const image = (hex: string) => `registry.example.com/team/web@sha256:${hex.repeat(64)}`;
const specFor = (name: string, changes: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: image("a"),
  cpu: 0.25,
  memoryMiB: 512,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 1,
  maxInstances: 2,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": name },
  ...changes,
});

let emulator: RunningEmulator;
let connection: TargetConnection;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 300 });
  coordinates = await ensureLandingZone(emulator.url, credentials, { name: "apps", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true });
  connection = { coordinates, credentials, endpoint: emulator.url, maxAttempts: 1 };
});
afterEach(() => emulator.setFaults(null));
afterAll(() => emulator?.stop());

async function until(ref: ResourceRef, phase: ResourcePhase, target = connection): Promise<ResourceStatus> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const status = await awsEcsAdapter.status(ref, target);
    if (status.phase === phase) return status;
    if (Date.now() > deadline) throw new Error(`still ${status.phase} (${status.message}), wanted ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const held = (name: string) => emulator.resourceNames().filter((n) => n.endsWith(`/${name}`));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a ProviderError");
    },
    (error: unknown) => error as ProviderError,
  );

async function sdkCall<T>(work: (client: ECSClient) => Promise<T>): Promise<T> {
  const client = new ECSClient({ region: coordinates.region, endpoint: emulator.url, credentials, maxAttempts: 1 });
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

describe("lifecycle", () => {
  it("creates, runs, redeploys a new image, scales, destroys, with one service throughout", async () => {
    const ref = await awsEcsAdapter.apply(specFor("life"), connection, "life-rev-1");
    expect(ref).toEqual({ kind: "aws-ecs", id: "arn:aws:ecs:eu-west-1:000000000000:service/apps/life", name: "life" });
    expect(await awsEcsAdapter.status(ref, connection)).toMatchObject({ phase: "pending", runningInstances: 0 });
    expect(await until(ref, "running")).toMatchObject({ message: "1 of 1 tasks running", runningInstances: 1 });

    expect(await awsEcsAdapter.apply(specFor("life", { image: image("b") }), connection, "life-rev-2")).toEqual(ref);
    expect((await awsEcsAdapter.status(ref, connection)).phase).toBe("pending");
    await until(ref, "running");
    const { services } = await sdkCall((client) => client.send(new DescribeServicesCommand({ cluster: "apps", services: ["life"] })));
    expect(services![0].taskDefinition).toBe("arn:aws:ecs:eu-west-1:000000000000:task-definition/life:2");

    await awsEcsAdapter.apply(specFor("life", { image: image("b"), minInstances: 3, maxInstances: 3 }), connection, "life-rev-3");
    expect((await awsEcsAdapter.status(ref, connection)).message).toMatch(/of 3 tasks running/);
    expect(await until(ref, "running")).toMatchObject({ runningInstances: 3 });
    expect(held("life")).toHaveLength(1);

    await awsEcsAdapter.destroy(ref, connection);
    expect(await awsEcsAdapter.status(ref, connection)).toMatchObject({ phase: "absent" });
    expect(held("life")).toHaveLength(0);
    await awsEcsAdapter.destroy(ref, connection);
    const active = await sdkCall((client) => client.send(new ListTaskDefinitionsCommand({ familyPrefix: "life", status: "ACTIVE" })));
    expect(active.taskDefinitionArns).toEqual([]);
  });

  it("reports a service that never existed as absent, and destroying it succeeds", async () => {
    const ghost = { kind: "aws-ecs", id: "ghost", name: "ghost" } as const;
    expect((await awsEcsAdapter.status(ghost, connection)).phase).toBe("absent");
    await awsEcsAdapter.destroy(ghost, connection);
  });

  it("refuses an invalid spec before any request", async () => {
    const before = JSON.stringify(emulator.requestCounts());
    const error = await failure(awsEcsAdapter.apply(specFor("sized", { cpu: 0.25, memoryMiB: 4096 }), connection, "sized-1"));
    expect(error).toMatchObject({ kind: "invalid", field: "memoryMiB", retryable: false });
    expect(JSON.stringify(emulator.requestCounts())).toBe(before);
  });
});

describe("idempotency", () => {
  it("applying twice with the same key makes one service and registers one revision", async () => {
    const before = emulator.requestCounts();
    const first = await awsEcsAdapter.apply(specFor("twice"), connection, "twice-1");
    const second = await awsEcsAdapter.apply(specFor("twice"), connection, "twice-1");
    expect(second).toEqual(first);
    expect(held("twice")).toHaveLength(1);
    const after = emulator.requestCounts();
    expect(after.RegisterTaskDefinition - (before.RegisterTaskDefinition ?? 0)).toBe(1);
    expect(after.CreateService - (before.CreateService ?? 0)).toBe(1);
  });

  it("concurrent duplicates of one apply make one service", async () => {
    const refs = await Promise.all([1, 2, 3].map(() => awsEcsAdapter.apply(specFor("dupes"), connection, "dupes-1")));
    expect(new Set(refs.map((r) => r.id)).size).toBe(1);
    expect(held("dupes")).toHaveLength(1);
    await until(refs[0], "running");
  });

  it("a new key for an existing service updates it rather than making another", async () => {
    const first = await awsEcsAdapter.apply(specFor("rekey"), connection, "rekey-1");
    const second = await awsEcsAdapter.apply(specFor("rekey", { minInstances: 2 }), connection, "rekey-2");
    expect(second).toEqual(first);
    expect(held("rekey")).toHaveLength(1);
    expect(await until(first, "running")).toMatchObject({ runningInstances: 2 });
  });
});

describe("faults", () => {
  let ref: ResourceRef;
  beforeAll(async () => {
    ref = await awsEcsAdapter.apply(specFor("faulty"), connection, "faulty-1");
  });

  it.each<[FaultKind, ProviderErrorKind, number]>([
    ["throttle", "throttled", 1],
    // Twice: the emulator alternates 500 ServerException and 503.
    ["server-error", "unavailable", 2],
    ["drop", "unavailable", 1],
  ])("with maxAttempts 1, %s surfaces as %s", async (fault, kind, times) => {
    emulator.setFaults({ rate: 1, kinds: [fault] });
    for (let i = 0; i < times; i++) {
      const error = await failure(awsEcsAdapter.status(ref, connection));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind, retryable: true });
      expect(error.message).toContain('cluster "apps" in eu-west-1');
    }
  });

  it("with maxAttempts 1, latency beyond the request timeout surfaces as unavailable", async () => {
    emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 600 });
    const impatient = createAwsEcsAdapter({ requestTimeoutMs: 150 });
    const error = await failure(impatient.status(ref, connection));
    expect(error).toMatchObject({ kind: "unavailable", retryable: true });
    expect(error.message).toMatch(/did not answer/);
  });

  it("with SDK retries, a 30% rate of every fault kind is ridden out: deploy, redeploy and destroy succeed with one service", async () => {
    emulator.setFaults({ rate: 0.3, kinds: ["throttle", "server-error", "drop", "latency"], latencyMs: 50 });
    const patient = { ...connection, maxAttempts: 10 };
    const before = Object.values(emulator.requestCounts()).reduce((a, b) => a + b, 0);
    const stormy = await awsEcsAdapter.apply(specFor("stormy"), patient, "stormy-1");
    await until(stormy, "running", patient);
    expect(await awsEcsAdapter.apply(specFor("stormy", { image: image("c") }), patient, "stormy-2")).toEqual(stormy);
    await until(stormy, "running", patient);
    expect(held("stormy")).toHaveLength(1);
    await awsEcsAdapter.destroy(stormy, patient);
    emulator.setFaults(null);
    expect((await awsEcsAdapter.status(stormy, connection)).phase).toBe("absent");
    expect(held("stormy")).toHaveLength(0);
    // Faults did happen and were retried.
    expect(Object.values(emulator.requestCounts()).reduce((a, b) => a + b, 0) - before).toBeGreaterThan(8);
  });
});

describe("credentials and clusters the account does not have", () => {
  let strict: RunningEmulator;
  beforeAll(async () => {
    strict = await startEmulator({ provisionDelayMs: 100, accessKeyIds: ["AKIAKNOWNKEY00000000"], clusters: ["apps"] });
  });
  afterAll(() => strict?.stop());

  it("unknown credentials are a non-retryable credentials error that names no credential", async () => {
    const planted = { kind: "aws-ecs", accessKeyId: "AKIAPLANTED000000000", secretAccessKey: "planted-secret-7f3e9c", sessionToken: "planted-token-51b2d0" } as const;
    const error = await failure(awsEcsAdapter.apply(specFor("nokey"), { coordinates, credentials: planted, endpoint: strict.url, maxAttempts: 1 }, "nokey-1"));
    expect(error).toMatchObject({ kind: "credentials", retryable: false });
    expect(error.message).toMatch(/^AWS rejected the credentials of target cluster "apps" in eu-west-1/);
    for (const secret of [planted.accessKeyId, planted.secretAccessKey, planted.sessionToken]) expect(error.message).not.toContain(secret);
    expect(strict.resourceNames()).toEqual([]);
  });

  it("a cluster that does not exist is not-found", async () => {
    const known = { kind: "aws-ecs", accessKeyId: "AKIAKNOWNKEY00000000", secretAccessKey: "x-secret" } as const;
    const elsewhere = { coordinates: { ...coordinates, cluster: "gone" }, credentials: known, endpoint: strict.url, maxAttempts: 1 };
    const error = await failure(awsEcsAdapter.status({ kind: "aws-ecs", id: "web", name: "web" }, elsewhere));
    expect(error).toMatchObject({ kind: "not-found", retryable: false });
    expect(error.message).toContain('The ECS cluster of target cluster "gone" in eu-west-1 does not exist');
  });
});
