// A spec's secrets through the adapter and the official SDK, against the emulator over HTTPS on 127.0.0.1: each
// is a secure environment variable, which reaches the container but never comes back in a read.
import { request } from "node:https";
import { ContainerInstanceManagementClient, type ContainerGroup } from "@azure/arm-containerinstance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/providers/emulator-types";
import { ProviderError } from "@/providers/errors";
import type { DeploymentSpec, ResourcePhase, ResourceRef, SecretReference, TargetConnection } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { createAzureAciAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { plan } from "./plan";

const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "apps" };
const adapter = createAzureAciAdapter({ requestTimeoutMs: 2_000, retryDelayInMs: 10 });
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 150 });
});
afterAll(() => emulator?.stop());

const connection = (): TargetConnection => ({ coordinates, credentials: { kind: "azure-aci", accessToken: "dummy-token" }, endpoint: emulator.url, caCertificate: emulator.caCertificate, maxAttempts: 1 });
const secret = (name: string, version: number): SecretReference => ({ name, version, fingerprint: `fp${version}${name.length}` });
const spec = (name: string, secrets: SecretReference[]): DeploymentSpec => ({
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
  secrets,
});
const sdk = () =>
  new ContainerInstanceManagementClient({ getToken: async () => ({ token: "dummy-token", expiresOnTimestamp: Date.now() + 60_000 }) }, coordinates.subscriptionId, {
    endpoint: emulator.url,
    tlsOptions: { ca: emulator.caCertificate },
    retryOptions: { maxRetries: 0 },
  });

async function until(phase: ResourcePhase, ref: ResourceRef) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const status = await adapter.status(ref, connection());
    if (status.phase === phase) return status;
    if (Date.now() > deadline) throw new Error(`still ${status.phase} (${status.message}), wanted ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** GET as any client would, for the raw body Azure answers. */
function rawGet(path: string): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, { ca: emulator.caCertificate, headers: { authorization: "Bearer dummy-token" } }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
const groupPath = (name = "") => `/subscriptions/${coordinates.subscriptionId}/resourceGroups/apps/providers/Microsoft.ContainerInstance/containerGroups${name ? `/${name}` : ""}?api-version=2023-05-01`;

describe("secrets as secure environment variables", () => {
  it("reach the container, never come back in a GET or a list, rotate, and go with the group", async () => {
    const ref = await adapter.apply(spec("vault", [secret("DB_PASSWORD", 1)]), connection(), "rev-1", { DB_PASSWORD: "s3cret-one" });
    await until("running", ref);
    expect(emulator.containerEnvironments().vault).toEqual({ GREETING: "hello", DB_PASSWORD: "s3cret-one" });
    expect(emulator.storedSecrets()).toMatchObject({ "vault/app/DB_PASSWORD": "s3cret-one" });

    // Through the SDK: the variable is there by name, with no value.
    const read = await sdk().containerGroups.get("apps", "vault");
    expect(read.containers[0].environmentVariables).toEqual([{ name: "DB_PASSWORD" }, { name: "GREETING", value: "hello" }]);
    const listed: ContainerGroup[] = [];
    for await (const group of sdk().containerGroups.listByResourceGroup("apps")) listed.push(group);
    expect(listed.find((g) => g.name === "vault")!.containers[0].environmentVariables).toEqual([{ name: "DB_PASSWORD" }, { name: "GREETING", value: "hello" }]);
    // On the wire: neither the value nor a secureValue member, in a read or a list.
    for (const path of [groupPath("vault"), groupPath()]) {
      const { status, body } = await rawGet(path);
      expect(status).toBe(200);
      expect(body).not.toContain("s3cret-one");
      expect(body).not.toContain("secureValue");
    }

    // Rotation: a new version is a new request, whose value reaches the container once it runs again.
    await adapter.apply(spec("vault", [secret("DB_PASSWORD", 2)]), connection(), "rev-2", { DB_PASSWORD: "s3cret-two" });
    await until("running", ref);
    expect(emulator.containerEnvironments().vault).toEqual({ GREETING: "hello", DB_PASSWORD: "s3cret-two" });
    expect(emulator.storedSecrets()["vault/app/DB_PASSWORD"]).toBe("s3cret-two");

    await adapter.destroy(ref, connection());
    expect(Object.keys(emulator.storedSecrets()).filter((key) => key.startsWith("vault/"))).toEqual([]);
    expect(emulator.containerEnvironments().vault).toBeUndefined();
  });

  it("a retried apply (same key) sends no second request and keeps one secure value", async () => {
    const same = spec("retried", [secret("API_KEY", 3)]);
    const ref = await adapter.apply(same, connection(), "rev-3", { API_KEY: "key-3" });
    await until("running", ref);
    const puts = emulator.requestCounts().ContainerGroups_CreateOrUpdate;
    await adapter.apply(same, connection(), "rev-3", { API_KEY: "key-3" });
    expect(emulator.requestCounts().ContainerGroups_CreateOrUpdate).toBe(puts);
    expect(Object.entries(emulator.storedSecrets()).filter(([key]) => key.startsWith("retried/"))).toEqual([["retried/app/API_KEY", "key-3"]]);
    expect(emulator.resourceNames().filter((n) => n === "retried")).toHaveLength(1);
  });

  it("refuses, before any request, a secret without a value, naming it and printing no value", async () => {
    const before = JSON.stringify(emulator.requestCounts());
    const error = await adapter.apply(spec("novalue", [secret("ONE", 1), secret("TWO", 1)]), connection(), "rev-1", { TWO: "planted-value" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid", field: "secrets.ONE" });
    expect((error as Error).message).not.toContain("planted-value");
    expect(JSON.stringify(emulator.requestCounts())).toBe(before);
  });
});

describe("the emulator refuses malformed variables as the service does", () => {
  const body = () => structuredClone(plan(spec("direct", []), coordinates).requests[0].body);
  async function refusal(group: ContainerGroup | object) {
    const result = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const payload = JSON.stringify(group);
      const req = request(`${emulator.url}${groupPath("direct")}`, { method: "PUT", ca: emulator.caCertificate, headers: { authorization: "Bearer dummy-token", "content-type": "application/json" } }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode, body: text }));
      });
      req.on("error", reject);
      req.end(payload);
    });
    return { status: result.status, error: JSON.parse(result.body).error };
  }
  const wire = (variables: object[]) => {
    const group = body();
    // The SDK's wire form nests each container's fields under `properties`.
    return { location: group.location, tags: group.tags, properties: { osType: "Linux", containers: [{ name: "app", properties: { image: group.containers[0].image, resources: group.containers[0].resources, environmentVariables: variables } }] } };
  };

  it.each<[string, object[], string]>([
    ["an unknown member next to a secure value", [{ name: "A", secureValue: "x", secure: true }], "InvalidRequestContent"],
    ["a secure value that is not a string", [{ name: "A", secureValue: 42 }], "InvalidRequestContent"],
    ["a secure variable named as Azure refuses", [{ name: "A-B", secureValue: "x" }], "InvalidContainerEnvironmentVariable"],
  ])("%s", async (_, variables, code) => {
    const { status, error } = await refusal(wire(variables));
    expect(status).toBe(400);
    expect(error.code).toBe(code);
    expect(JSON.stringify(error)).not.toContain('"x"');
  });
});
