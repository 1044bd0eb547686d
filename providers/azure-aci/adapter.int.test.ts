// The real SDK, through the adapter, against the emulator over HTTPS on 127.0.0.1.
import { request } from "node:https";
import { ContainerInstanceManagementClient, type ContainerGroup } from "@azure/arm-containerinstance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultKind, RunningEmulator } from "@/providers/emulator-types";
import { ProviderError, type ProviderErrorKind } from "@/providers/errors";
import type { DeploymentSpec, ResourcePhase, ResourceRef, TargetConnection } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { createAzureAciAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { GROUPS_PER_REGION } from "./emulator-state";
import { plan } from "./plan";

const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "apps" };
// Short timeout and back-off, so faults and retries take milliseconds (the SDK's own back-off starts at 1 s).
const adapter = createAzureAciAdapter({ requestTimeoutMs: 1_000, retryDelayInMs: 10 });
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 400 });
});
afterAll(() => emulator?.stop());

function connection(patch: Partial<TargetConnection> = {}): TargetConnection {
  return { coordinates, credentials: { kind: "azure-aci", accessToken: "dummy-token" }, endpoint: emulator.url, caCertificate: emulator.caCertificate, maxAttempts: 1, ...patch };
}

function spec(name: string, patch: Partial<DeploymentSpec> = {}): DeploymentSpec {
  return {
    name,
    image: `registry.example.com/team/${name}@sha256:${"a".repeat(64)}`,
    cpu: 0.5,
    memoryMiB: 1024,
    port: 8080,
    env: { GREETING: "hello" },
    minInstances: 1,
    maxInstances: 1,
    ingress: "public",
    healthCheckPath: "/healthz",
    labels: { "bulkhead-app": name },
    ...patch,
  };
}

/** The SDK itself, for what the adapter does not expose and for requests that skip validate(). */
function sdk(subscriptionId = coordinates.subscriptionId, target = emulator) {
  const credential = { getToken: async () => ({ token: "dummy-token", expiresOnTimestamp: Date.now() + 60_000 }) };
  return new ContainerInstanceManagementClient(credential, subscriptionId, { endpoint: target.url, tlsOptions: { ca: target.caCertificate }, retryOptions: { maxRetries: 0 } });
}

async function until(phase: ResourcePhase, ref: ResourceRef) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const status = await adapter.status(ref, connection());
    if (status.phase === phase) return status;
    if (Date.now() > deadline) throw new Error(`still ${status.phase} (${status.message}), wanted ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const held = (name: string) => emulator.resourceNames().filter((n) => n === name).length;
const count = (operation: string) => emulator.requestCounts()[operation] ?? 0;

describe("lifecycle", () => {
  it("creates, runs, updates the image, resizes, and destroys exactly one container group", async () => {
    const ref = await adapter.apply(spec("life"), connection(), "rev-1");
    expect(ref).toEqual({ kind: "azure-aci", id: `/subscriptions/${coordinates.subscriptionId}/resourceGroups/apps/providers/Microsoft.ContainerInstance/containerGroups/life`, name: "life" });
    expect((await adapter.status(ref, connection())).phase).toBe("pending");
    const running = await until("running", ref);
    expect(running).toMatchObject({ runningInstances: 1, url: expect.stringMatching(/^http:\/\/life\.[0-9a-f]+\.westeurope\.azurecontainer\.io:8080$/) });

    const newImage = `registry.example.com/team/life@sha256:${"b".repeat(64)}`;
    await adapter.apply(spec("life", { image: newImage }), connection(), "rev-2");
    expect((await adapter.status(ref, connection())).phase).toBe("pending");
    await until("running", ref);
    expect((await sdk().containerGroups.get("apps", "life")).containers[0].image).toBe(newImage);

    // Azure cannot resize a group in place: the adapter deletes and re-creates it.
    const deletesBefore = count("ContainerGroups_Delete");
    await adapter.apply(spec("life", { image: newImage, cpu: 1, memoryMiB: 2048 }), connection(), "rev-3");
    expect(count("ContainerGroups_Delete")).toBe(deletesBefore + 1);
    await until("running", ref);
    expect((await sdk().containerGroups.get("apps", "life")).containers[0].resources.requests).toEqual({ cpu: 1, memoryInGB: 2 });
    expect(held("life")).toBe(1);

    await adapter.destroy(ref, connection());
    expect(await adapter.status(ref, connection())).toMatchObject({ phase: "absent", runningInstances: 0 });
    expect(held("life")).toBe(0);
    await adapter.destroy(ref, connection()); // already gone: fine
  });

  it("reads a group by name alone, as a job that never stored a ref does", async () => {
    await adapter.apply(spec("by-name"), connection(), "rev-1");
    expect((await adapter.status({ kind: "azure-aci", id: "by-name", name: "by-name" }, connection())).phase).toBe("pending");
    expect((await adapter.status({ kind: "azure-aci", id: "never-made", name: "never-made" }, connection())).phase).toBe("absent");
  });

  it("reports a group whose image cannot be pulled as failed, with Azure's reason", async () => {
    const ref = await adapter.apply(spec("unpullable", { image: `registry.invalid/team/x@sha256:${"c".repeat(64)}` }), connection(), "rev-1");
    expect((await until("failed", ref)).message).toMatch(/is not accessible/);
  });

  it("lists the groups of a resource group and of the subscription", async () => {
    await adapter.apply(spec("listed"), connection(), "rev-1");
    const names = async (pages: AsyncIterable<ContainerGroup>) => {
      const found: string[] = [];
      for await (const group of pages) found.push(group.name!);
      return found;
    };
    expect(await names(sdk().containerGroups.listByResourceGroup("apps"))).toContain("listed");
    expect(await names(sdk().containerGroups.list())).toContain("listed");
  });
});

describe("idempotency", () => {
  it("never makes a second group, whether the same apply runs twice at once or again later", async () => {
    const same = spec("twice");
    const [first, second] = await Promise.all([adapter.apply(same, connection(), "rev-1"), adapter.apply(same, connection(), "rev-1")]);
    expect(second).toEqual(first);
    expect(held("twice")).toBe(1);

    // Azure already holds this request (its fingerprint tag): a retried job sends no second PUT.
    const puts = count("ContainerGroups_CreateOrUpdate");
    await adapter.apply(same, connection(), "rev-1");
    await until("running", first);
    await adapter.apply(same, connection(), "rev-1");
    expect(count("ContainerGroups_CreateOrUpdate")).toBe(puts);
    expect(held("twice")).toBe(1);
  });
});

describe("faults with SDK retries off (maxAttempts 1)", () => {
  const cases: [FaultKind, ProviderErrorKind, boolean][] = [
    ["throttle", "throttled", true],
    ["server-error", "unavailable", true],
    ["drop", "unavailable", true],
    ["latency", "unavailable", true],
  ];
  it.each(cases)("%s surfaces as %s after one request", async (kind, expected, retryable) => {
    const ref = await adapter.apply(spec(`fault-${kind}`), connection(), "rev-1");
    // Latency beyond the adapter's 1 s request timeout.
    emulator.setFaults({ rate: 1, kinds: [kind], latencyMs: 1_500 });
    const gets = count("ContainerGroups_Get");
    try {
      const error = await failure(adapter.status(ref, connection()));
      expect(error).toMatchObject({ kind: expected, retryable });
      expect(error.message).toMatch(/container group "fault-/);
      expect(count("ContainerGroups_Get")).toBe(gets + 1);
      expect((await failure(adapter.apply(spec(`fault-${kind}`), connection(), "rev-1"))).kind).toBe(expected);
    } finally {
      emulator.setFaults(null);
    }
  });

  it("a refused token surfaces as credentials, without the token in the message", async () => {
    const error = await failure(adapter.status({ kind: "azure-aci", id: "x", name: "x" }, connection({ credentials: { kind: "azure-aci", accessToken: "leaky secret" } })));
    expect(error).toMatchObject({ kind: "credentials", retryable: false });
    expect(error.message).not.toContain("leaky");
  });

  it("a used-up quota surfaces as quota", async () => {
    const crowded = await startEmulator({ provisionDelayMs: 0 });
    try {
      const body = plan(spec("filler"), { ...coordinates, region: "northeurope" }).requests[0].body;
      for (let batch = 0; batch < GROUPS_PER_REGION; batch += 25) {
        await Promise.all(Array.from({ length: 25 }, (_, i) => sdk(coordinates.subscriptionId, crowded).containerGroups.beginCreateOrUpdate("apps", `filler-${batch + i}`, body)));
      }
      const target = connection({ coordinates: { ...coordinates, region: "northeurope" }, endpoint: crowded.url, caCertificate: crowded.caCertificate });
      expect(await failure(adapter.apply(spec("one-too-many"), target, "rev-1"))).toMatchObject({ kind: "quota", retryable: false });
    } finally {
      await crowded.stop();
    }
  });
});

describe("faults with SDK retries on", () => {
  const retried = () => connection({ maxAttempts: 10 });
  // At a 30% fault rate, 20 attempts in a row all fail about once in 10^10 calls.
  const patient = () => connection({ maxAttempts: 20 });

  it.each(["throttle", "server-error", "drop"] as FaultKind[])("%s on 30 in 100 requests is retried by the SDK until the call succeeds", async (kind) => {
    const ref = await adapter.apply(spec(`retry-${kind}`), connection(), "rev-1");
    emulator.setFaults({ rate: 0.3, kinds: [kind] });
    try {
      // Call until at least one retry happened, each call succeeding; 60 calls without a fault: odds below 1 in 10^9.
      let retries = 0;
      for (let call = 0; call < 60 && retries === 0; call++) {
        const before = count("ContainerGroups_Get");
        expect((await adapter.status(ref, patient())).phase).not.toBe("absent");
        retries += count("ContainerGroups_Get") - before - 1;
      }
      expect(retries).toBeGreaterThan(0);
    } finally {
      emulator.setFaults(null);
    }
  });

  it("latency within the request timeout only slows the call down", async () => {
    const ref = await adapter.apply(spec("retry-latency"), connection(), "rev-1");
    emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 150 });
    try {
      const started = Date.now();
      expect((await adapter.status(ref, retried())).phase).not.toBe("absent");
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      emulator.setFaults(null);
    }
  });

  it("a whole deployment converges at a 30% fault rate of every kind, with one group throughout", async () => {
    emulator.setFaults({ rate: 0.3, kinds: ["throttle", "server-error", "drop", "latency"], latencyMs: 50 });
    try {
      const ref = await adapter.apply(spec("chaos"), retried(), "rev-1");
      const deadline = Date.now() + 8_000;
      while ((await adapter.status(ref, retried())).phase !== "running") {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(held("chaos")).toBe(1);
      await adapter.destroy(ref, retried());
      expect(held("chaos")).toBe(0);
    } finally {
      emulator.setFaults(null);
    }
  });
});

describe("requests that skip validate() are refused by the service", () => {
  const valid = () => structuredClone(plan(spec("direct"), coordinates).requests[0].body);

  async function refusal(promise: Promise<unknown>) {
    const error = (await promise.then(() => undefined, (e: unknown) => e)) as { name?: string; statusCode?: number; code?: string };
    expect(error?.name).toBe("RestError");
    return { statusCode: error.statusCode, code: error.code };
  }

  const cases: [string, string, (group: ContainerGroup) => void, number, string][] = [
    ["a bad group name", "Bad_Name", () => {}, 400, "InvalidContainerGroupName"],
    ["too many CPUs", "direct", (g) => void (g.containers[0].resources.requests.cpu = 5), 400, "InvalidContainerResourceRequests"],
    ["memory off the 0.1 GB step", "direct", (g) => void (g.containers[0].resources.requests.memoryInGB = 0.75), 400, "InvalidContainerResourceRequests"],
    ["an environment variable name", "direct", (g) => void (g.containers[0].environmentVariables = [{ name: "1X", value: "v" }]), 400, "InvalidContainerEnvironmentVariable"],
    ["a port out of range", "direct", (g) => void (g.containers[0].ports = [{ port: 70_000 }]), 400, "InvalidContainerPorts"],
    ["no location", "direct", (g) => void delete g.location, 400, "LocationRequired"],
    ["a private IP outside a VNet", "direct", (g) => void (g.ipAddress = { type: "Private", ports: [{ port: 8080 }] }), 400, "PrivateIPAddressNotSupported"],
    ["a privileged container", "direct", (g) => void (g.containers[0].securityContext = { privileged: true }), 400, "PrivilegedContainerNotSupported"],
    ["an IP port no container exposes", "direct", (g) => void (g.ipAddress = { type: "Public", ports: [{ port: 9090 }] }), 400, "InvalidIpAddressPorts"],
  ];
  it.each(cases)("%s: RestError with Azure's status and code", async (_, name, change, statusCode, code) => {
    const group = valid();
    change(group);
    expect(await refusal(sdk().containerGroups.beginCreateOrUpdate("apps", name, group))).toEqual({ statusCode, code });
  });

  it("refuses a malformed subscription, and finds no group that is not there", async () => {
    expect(await refusal(sdk("not-a-guid").containerGroups.get("apps", "direct"))).toEqual({ statusCode: 400, code: "InvalidSubscriptionId" });
    expect(await refusal(sdk().containerGroups.get("apps", "nowhere"))).toEqual({ statusCode: 404, code: "ResourceNotFound" });
  });

  it("refuses a PUT while the group provisions, and a resize in place", async () => {
    await sdk().containerGroups.beginCreateOrUpdate("apps", "busy", valid());
    expect(await refusal(sdk().containerGroups.beginCreateOrUpdate("apps", "busy", valid()))).toEqual({ statusCode: 409, code: "ContainerGroupTransitioning" });
    await until("running", { kind: "azure-aci", id: "busy", name: "busy" });
    const bigger = valid();
    bigger.containers[0].resources.requests.cpu = 2;
    expect(await refusal(sdk().containerGroups.beginCreateOrUpdate("apps", "busy", bigger))).toEqual({ statusCode: 409, code: "InvalidContainerGroupUpdate" });
  });

  it("the adapter turns the service's refusal into an invalid ProviderError naming the spec field", async () => {
    expect(await failure(adapter.apply(spec("unchecked", { cpu: 8 }), connection(), "rev-1"))).toMatchObject({ kind: "invalid", field: "cpu", retryable: false });
    expect(await failure(adapter.apply(spec("unchecked", { memoryMiB: 768 }), connection(), "rev-1"))).toMatchObject({ kind: "invalid", field: "memoryMiB" });
    expect(await failure(adapter.apply(spec("Unchecked"), connection(), "rev-1"))).toMatchObject({ kind: "invalid", field: "name" });
  });

  it("on the wire: JSON errors for a missing api-version or token", async () => {
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ status?: number; type?: string; body: string }>((resolve, reject) => {
        const req = request(`${emulator.url}${path}`, { ca: emulator.caCertificate, headers }, (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body }));
        });
        req.on("error", reject);
        req.end();
      });
    const path = `/subscriptions/${coordinates.subscriptionId}/resourceGroups/apps/providers/Microsoft.ContainerInstance/containerGroups/direct`;
    const noVersion = await raw(path, { authorization: "Bearer dummy-token" });
    expect(noVersion).toMatchObject({ status: 400, type: expect.stringMatching(/^application\/json/) });
    expect(JSON.parse(noVersion.body)).toEqual({ error: { code: "MissingApiVersionParameter", message: expect.any(String) } });
    const noToken = await raw(`${path}?api-version=2023-05-01`, {});
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body).error.code).toBe("AuthenticationFailed");
  });
});
