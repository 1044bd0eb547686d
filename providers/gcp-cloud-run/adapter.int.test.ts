// The real Cloud Run client, through the adapter, against the emulator over loopback gRPC.
import diagnostics from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultKind, RunningEmulator } from "../emulator-types";
import { ProviderError, type ProviderErrorKind } from "../errors";
import type { DeploymentSpec, NetworkLink, ResourcePhase, ResourceRef, TargetConnection } from "../types";
import { createGcpCloudRunAdapter, gcpCloudRunAdapter } from "./adapter";
import { servicesClient } from "./client";
import { serviceAccountOf } from "./policy-enforcement";
import { startEmulator } from "./emulator";

/**
 * Long enough that a status read right after apply still sees the rollout (on a loaded machine apply and that read
 * took more than 150 ms), short enough for the tests that wait for "running".
 */
const PROVISION_MS = 1_000;
/** Every TCP connection this file opens, as Node reports it: the client must never leave loopback. */
const connections: string[] = [];
diagnostics.subscribe("net.client.socket", (message) => {
  const { socket } = message as { socket: Socket };
  socket.once("connect", () => connections.push(socket.remoteAddress ?? "unknown"));
});
const digest = (hex: string) => `registry.example.com/team/demo@sha256:${hex.repeat(64)}`;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: PROVISION_MS });
});
afterAll(() => emulator?.stop());

function connect(maxAttempts?: number): TargetConnection {
  return {
    coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-test" },
    credentials: { kind: "gcp-cloud-run", accessToken: "dummy-test-token" },
    endpoint: emulator.url,
    maxAttempts,
  };
}

function specNamed(name: string, change: Partial<DeploymentSpec> = {}): DeploymentSpec {
  return {
    name,
    image: digest("a"),
    cpu: 1,
    memoryMiB: 512,
    port: 8080,
    env: { GREETING: "hello" },
    minInstances: 1,
    maxInstances: 2,
    ingress: "public",
    healthCheckPath: "/healthz",
    labels: { "bulkhead-app": name },
    ...change,
  };
}

const held = (name: string) => emulator.resourceNames().filter((n) => n.endsWith(`/services/${name}`));

async function phaseOf(ref: ResourceRef, wanted: ResourcePhase, connection = connect()) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const status = await gcpCloudRunAdapter.status(ref, connection);
    if (status.phase === wanted) return status;
    if (Date.now() > deadline) throw new Error(`${ref.name} stayed ${status.phase} (${status.message}), wanted ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function failure(work: Promise<unknown>): Promise<ProviderError> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("life cycle", () => {
  it("creates (pending, then running), updates the image, scales, reports status, and destroys", async () => {
    const adapter = gcpCloudRunAdapter;
    const connection = connect();
    const ref = await adapter.apply(specNamed("life"), connection, "rev-1");
    expect(ref).toEqual({ kind: "gcp-cloud-run", id: "projects/bulkhead-test/locations/europe-west1/services/life", name: "life" });
    expect((await adapter.status(ref, connection)).phase).toBe("pending");
    const running = await phaseOf(ref, "running");
    expect(running).toMatchObject({ url: expect.stringMatching(/^https:\/\/life-\d{12}\.europe-west1\.run\.app$/), message: expect.stringMatching(/life-00001-\w+ is serving; at least 1 instance\(s\) kept warm/) });
    expect(running.runningInstances).toBeUndefined();

    await adapter.apply(specNamed("life", { image: digest("b") }), connection, "rev-2");
    expect((await adapter.status(ref, connection)).phase).toBe("pending");
    expect((await phaseOf(ref, "running")).message).toMatch(/life-00002-/);

    await adapter.apply(specNamed("life", { image: digest("b"), minInstances: 2, maxInstances: 3 }), connection, "rev-3");
    expect(await phaseOf(ref, "running")).toMatchObject({ message: expect.stringMatching(/life-00003-\w+ is serving; at least 2 instance\(s\) kept warm/) });
    expect(held("life")).toHaveLength(1);

    await adapter.destroy(ref, connection);
    expect(held("life")).toHaveLength(0);
    expect(await adapter.status(ref, connection)).toMatchObject({ phase: "absent", message: expect.stringMatching(/no service life/) });
    await adapter.destroy(ref, connection);
  });

  it("finds the service from its name alone, as the job layer's fallback reference has it", async () => {
    await gcpCloudRunAdapter.apply(specNamed("by-name"), connect(), "rev-1");
    expect((await phaseOf({ kind: "gcp-cloud-run", id: "by-name", name: "by-name" }, "running")).url).toMatch(/by-name/);
    await gcpCloudRunAdapter.destroy({ kind: "gcp-cloud-run", id: "by-name", name: "by-name" }, connect());
    expect(held("by-name")).toHaveLength(0);
  });

  it("reports a revision whose image cannot be pulled as failed, with Cloud Run's reason", async () => {
    const ref = await gcpCloudRunAdapter.apply(specNamed("unpullable", { image: digest("0") }), connect(), "rev-1");
    expect((await phaseOf(ref, "failed")).message).toMatch(/Image '.*' not found/);
    await gcpCloudRunAdapter.destroy(ref, connect());
  });

  it("refuses a spec Cloud Run would reject before calling it", async () => {
    const before = JSON.stringify(emulator.requestCounts());
    const error = await failure(gcpCloudRunAdapter.apply(specNamed("too-big", { cpu: 1, memoryMiB: 16384 }), connect(), "rev-1"));
    expect(error).toMatchObject({ kind: "invalid", field: "cpu" });
    expect(JSON.stringify(emulator.requestCounts())).toBe(before);
  });
});

describe("idempotency", () => {
  it("apply twice with the same key, or twice at once, leaves exactly one service", async () => {
    const spec = specNamed("twice");
    const first = await gcpCloudRunAdapter.apply(spec, connect(), "rev-1");
    await phaseOf(first, "running");
    expect(await gcpCloudRunAdapter.apply(spec, connect(), "rev-1")).toEqual(first);
    // Nothing changed, so Cloud Run keeps serving the same revision: no new rollout.
    expect((await gcpCloudRunAdapter.status(first, connect())).phase).toBe("running");
    await Promise.all([gcpCloudRunAdapter.apply(spec, connect(), "rev-1"), gcpCloudRunAdapter.apply(spec, connect(), "rev-1")]);
    expect(held("twice")).toHaveLength(1);
    await gcpCloudRunAdapter.destroy(first, connect());
  });

  it("a create that timed out but went through is finished by the retried apply, not duplicated", async () => {
    const spec = specNamed("late");
    const impatient = createGcpCloudRunAdapter({ callTimeoutMs: 100 });
    emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 300 });
    expect((await failure(impatient.apply(spec, connect(1), "rev-1"))).kind).toBe("unavailable");
    emulator.setFaults(null);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(held("late")).toHaveLength(1);

    const ref = await gcpCloudRunAdapter.apply(spec, connect(1), "rev-1");
    await phaseOf(ref, "running");
    expect(held("late")).toHaveLength(1);
    await gcpCloudRunAdapter.destroy(ref, connect());
  });
});

describe("faults", () => {
  // A short per-call deadline, so a "latency" fault outlasts it.
  const adapter = createGcpCloudRunAdapter({ callTimeoutMs: 250 });
  const latencyMs = 500;

  it.each([
    ["throttle", "throttled"],
    ["server-error", "unavailable"],
    ["drop", "unavailable"],
    ["latency", "unavailable"],
  ] as [FaultKind, ProviderErrorKind][])("with one attempt, %s surfaces as a ProviderError of kind %s", async (kind, expected) => {
    // Only the latency fault needs the short deadline; on a loaded machine an ordinary call can outlast 250 ms, which
    // would turn any other fault (or the setup) into DEADLINE_EXCEEDED.
    const faulted = kind === "latency" ? adapter : gcpCloudRunAdapter;
    const ref = await gcpCloudRunAdapter.apply(specNamed(`fault-${kind}`), connect(1), "rev-1");
    emulator.setFaults({ rate: 1, kinds: [kind], latencyMs });
    try {
      // Each call's rejection is caught as soon as it is made: the three fail at about the same moment, and one
      // not yet awaited would otherwise count as an unhandled rejection.
      for (const call of [faulted.status(ref, connect(1)), faulted.apply(specNamed(`fault-${kind}`), connect(1), "rev-1"), faulted.destroy(ref, connect(1))].map(failure)) {
        const error = await call;
        expect(error.kind).toBe(expected);
        expect(error.retryable).toBe(true);
        expect(error.message).not.toContain("dummy-test-token");
      }
    } finally {
      emulator.setFaults(null);
    }
    await gcpCloudRunAdapter.destroy(ref, connect(1));
  });

  it("makes exactly maxAttempts attempts, then reports the last fault's kind", async () => {
    const ref = { kind: "gcp-cloud-run" as const, id: "attempts", name: "attempts" };
    const gets = () => emulator.requestCounts().GetService ?? 0;
    const before = gets();
    emulator.setFaults({ rate: 1, kinds: ["throttle"] });
    try {
      expect((await failure(gcpCloudRunAdapter.status(ref, connect(3)))).kind).toBe("throttled");
    } finally {
      emulator.setFaults(null);
    }
    expect(gets() - before).toBe(3);
  });

  // 12 attempts at a 30% rate: a call fails only after 12 faults in a row (about 1 in 2 million).
  it.each(["throttle", "server-error", "drop", "latency"] as FaultKind[])("with client retries, calls succeed through %s faults on 30 percent of requests", async (kind) => {
    const name = `retry-${kind}`;
    const connection = connect(12);
    const requests = () => Object.values(emulator.requestCounts()).reduce((a, b) => a + b, 0);
    const before = requests();
    // Client calls made: CreateService, then CreateService + UpdateService, then one per status read.
    let calls = 3;
    emulator.setFaults({ rate: 0.3, kinds: [kind], latencyMs });
    try {
      const ref = await adapter.apply(specNamed(name), connection, "rev-1");
      await adapter.apply(specNamed(name, { maxInstances: 3 }), connection, "rev-2");
      // Read until it runs and the emulator has seen more requests than calls were made (a retry happened).
      for (let reads = 0; ; reads++) {
        const { phase } = await adapter.status(ref, connection);
        calls++;
        if (phase === "running" && requests() - before > calls) break;
        if (reads > 100) throw new Error(`${name}: ${phase} after ${reads} reads, ${requests() - before} requests for ${calls} calls`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await adapter.destroy(ref, connection);
    } finally {
      emulator.setFaults(null);
    }
    expect(held(name)).toHaveLength(0);
  });
});

describe("invoker policy", () => {
  const policy = (links: NetworkLink[]) => ({ links });
  async function invokers(name: string) {
    const client = servicesClient(connect());
    try {
      const [iam] = await client.getIamPolicy({ resource: `projects/bulkhead-test/locations/europe-west1/services/${name}` });
      return (iam.bindings ?? []).map((b) => ({ role: b.role, members: b.members }));
    } finally {
      await client.close();
    }
  }

  it("sets who may invoke as the plan says: the public, or exactly the linked callers; revoking a link drops its caller", async () => {
    await gcpCloudRunAdapter.apply(specNamed("storefront", { policy: policy([]) }), connect(), "rev-1");
    expect(await invokers("storefront")).toEqual([{ role: "roles/run.invoker", members: ["allUsers"] }]);

    const linked = specNamed("ledger", { ingress: "internal", policy: policy([{ from: "storefront", to: "ledger", port: 8080 }]) });
    await gcpCloudRunAdapter.apply(linked, connect(), "rev-1");
    expect(await invokers("ledger")).toEqual([{ role: "roles/run.invoker", members: [`serviceAccount:${serviceAccountOf("storefront", { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-test" })}`] }]);
    expect(gcpCloudRunAdapter.plan(linked, connect().coordinates).routes).toEqual([expect.objectContaining({ direction: "inbound", peer: "storefront", construct: "IAM roles/run.invoker" })]);

    await gcpCloudRunAdapter.apply({ ...linked, policy: policy([]) }, connect(), "rev-2");
    expect(await invokers("ledger")).toEqual([]);
  });
});

describe("network", () => {
  it("opened connections only to 127.0.0.1 (no metadata server, no Google endpoint)", () => {
    expect(connections.length).toBeGreaterThan(0);
    expect(new Set(connections)).toEqual(new Set(["127.0.0.1"]));
  });
});
