// A spec's secrets through the adapter and the official clients, against the emulator over loopback gRPC: they
// reach the container through Secret Manager and secretKeyRef, rotate, survive retries and go with destroy.
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { ProviderError } from "../errors";
import type { DeploymentSpec, ResourcePhase, ResourceRef, SecretReference, TargetConnection } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { gcpCloudRunAdapter } from "./adapter";
import { clientOptions, servicesClient } from "./client";
import { startEmulator } from "./emulator";
import { serviceAccountOf } from "./policy-enforcement";
import { secretIdOf } from "./secrets";

const coordinates: GcpCoordinates = { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-test" };
const PROJECT = "projects/bulkhead-test";
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 120 });
});
afterAll(() => emulator?.stop());

const connection = (): TargetConnection => ({ coordinates, credentials: { kind: "gcp-cloud-run", accessToken: "dummy-test-token" }, endpoint: emulator.url, maxAttempts: 1 });
const secret = (name: string, version: number): SecretReference => ({ name, version, fingerprint: `fp-${name.toLowerCase()}-${version}` });
const spec = (name: string, secrets: SecretReference[]): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/demo@sha256:${"a".repeat(64)}`,
  cpu: 1,
  memoryMiB: 512,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 0,
  maxInstances: 2,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": name },
  secrets,
});

async function until(ref: ResourceRef, phase: ResourcePhase) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const status = await gcpCloudRunAdapter.status(ref, connection());
    if (status.phase === phase) return status;
    if (Date.now() > deadline) throw new Error(`${ref.name} stayed ${status.phase} (${status.message}), wanted ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

async function secretManager<T>(work: (client: SecretManagerServiceClient) => Promise<T>): Promise<T> {
  const client = new SecretManagerServiceClient(clientOptions(connection()));
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}
const environmentOf = (name: string) => emulator.containerEnvironments()[`${PROJECT}/locations/europe-west1/services/${name}`];
const storedFor = (name: string) => Object.entries(emulator.storedSecrets()).filter(([key]) => key.startsWith(`${PROJECT}/secrets/${name}-europe-west1-`));

describe("secrets through Secret Manager", () => {
  it("reach the container pinned to their version, readable by the service's account only, rotate, and go with destroy", async () => {
    const v1 = secret("DB_PASSWORD", 1);
    const ref = await gcpCloudRunAdapter.apply(spec("vault", [v1]), connection(), "rev-1", { DB_PASSWORD: "s3cret-one" });
    await until(ref, "running");
    expect(environmentOf("vault")).toEqual({ GREETING: "hello", DB_PASSWORD: "s3cret-one" });

    const id = secretIdOf("vault", coordinates, v1);
    const [stored] = await secretManager((client) => client.getSecret({ name: `${PROJECT}/secrets/${id}` }));
    expect(stored.labels).toEqual({ "bulkhead_resource": "vault", "bulkhead_region": "europe-west1", "bulkhead_secret": "db_password", "bulkhead_version": "1" });
    const [accessed] = await secretManager((client) => client.accessSecretVersion({ name: `${PROJECT}/secrets/${id}/versions/1` }));
    expect(Buffer.from(accessed.payload!.data as Uint8Array).toString()).toBe("s3cret-one");
    const [policy] = await secretManager((client) => client.getIamPolicy({ resource: `${PROJECT}/secrets/${id}` }));
    expect(policy.bindings).toEqual([expect.objectContaining({ role: "roles/secretmanager.secretAccessor", members: [`serviceAccount:${serviceAccountOf("vault", coordinates)}`] })]);

    // The service runs as that account and names the secret and its version, never the value.
    const run = servicesClient(connection());
    const [service] = await run.getService({ name: ref.id });
    await run.close();
    expect(service.template!.serviceAccount).toBe(serviceAccountOf("vault", coordinates));
    expect(service.template!.containers![0].env).toEqual([
      expect.objectContaining({ name: "GREETING", value: "hello" }),
      expect.objectContaining({ name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: id, version: "1" } } }),
    ]);
    expect(JSON.stringify(service)).not.toContain("s3cret-one");

    // Rotation: version 2 is its own secret; the new revision reads it.
    const v2 = secret("DB_PASSWORD", 2);
    await gcpCloudRunAdapter.apply(spec("vault", [v2]), connection(), "rev-2", { DB_PASSWORD: "s3cret-two" });
    await until(ref, "running");
    expect(environmentOf("vault")).toEqual({ GREETING: "hello", DB_PASSWORD: "s3cret-two" });
    expect(storedFor("vault").map(([key]) => key)).toEqual([`${PROJECT}/secrets/${id}/versions/1`, `${PROJECT}/secrets/${secretIdOf("vault", coordinates, v2)}/versions/1`]);

    await gcpCloudRunAdapter.destroy(ref, connection());
    expect(storedFor("vault")).toEqual([]);
    const [left] = await secretManager((client) => client.listSecrets({ parent: PROJECT, filter: "labels.bulkhead_resource=vault" }));
    expect(left).toEqual([]);
    await gcpCloudRunAdapter.destroy(ref, connection());
  });

  it("a retried apply (same key) adds no second version; concurrent duplicates leave one enabled version", async () => {
    const same = spec("retried", [secret("API_KEY", 1)]);
    const ref = await gcpCloudRunAdapter.apply(same, connection(), "rev-1", { API_KEY: "key-1" });
    await gcpCloudRunAdapter.apply(same, connection(), "rev-1", { API_KEY: "key-1" });
    const name = `${PROJECT}/secrets/${secretIdOf("retried", coordinates, secret("API_KEY", 1))}`;
    const [versions] = await secretManager((client) => client.listSecretVersions({ parent: name }));
    expect(versions.map((v) => [v.name, v.state])).toEqual([[`${name}/versions/1`, "ENABLED"]]);
    await until(ref, "running");
    expect(environmentOf("retried")).toEqual({ GREETING: "hello", API_KEY: "key-1" });

    const raced = spec("raced", [secret("TOKEN", 4)]);
    await Promise.all([1, 2, 3].map(() => gcpCloudRunAdapter.apply(raced, connection(), "rev-4", { TOKEN: "token-4" })));
    const racedName = `${PROJECT}/secrets/${secretIdOf("raced", coordinates, secret("TOKEN", 4))}`;
    const [all] = await secretManager((client) => client.listSecretVersions({ parent: racedName }));
    expect(all.filter((v) => v.state === "ENABLED").map((v) => v.name)).toEqual([`${racedName}/versions/1`]);
    expect(storedFor("raced")).toEqual([[`${racedName}/versions/1`, "token-4"]]);
    await gcpCloudRunAdapter.destroy(ref, connection());
    await gcpCloudRunAdapter.destroy({ kind: "gcp-cloud-run", id: "raced", name: "raced" }, connection());
    expect([...storedFor("retried"), ...storedFor("raced")]).toEqual([]);
  });

  it("refuses, before any request, a secret without a value, naming it and printing no value", async () => {
    const before = JSON.stringify(emulator.requestCounts());
    const error = await gcpCloudRunAdapter.apply(spec("novalue", [secret("ONE", 1), secret("TWO", 1)]), connection(), "rev-1", { ONE: "planted-value" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid", field: "secrets.TWO" });
    expect((error as Error).message).not.toContain("planted-value");
    expect(JSON.stringify(emulator.requestCounts())).toBe(before);
  });

  it("will not deliver a version whose secret already holds another value, and says so without either value", async () => {
    const ref = secret("TAMPERED", 1);
    const name = `${PROJECT}/secrets/${secretIdOf("tampered", coordinates, ref)}`;
    await secretManager(async (client) => {
      await client.createSecret({ parent: PROJECT, secretId: name.split("/").pop(), secret: { replication: { automatic: {} } } });
      await client.addSecretVersion({ parent: name, payload: { data: Buffer.from("someone-else") } });
    });
    const error = await gcpCloudRunAdapter.apply(spec("tampered", [ref]), connection(), "rev-1", { TAMPERED: "ours-value" }).then(
      () => undefined,
      (e: unknown) => e as ProviderError,
    );
    expect(error).toMatchObject({ kind: "conflict", field: "secrets.TAMPERED" });
    expect(error!.message).not.toMatch(/someone-else|ours-value/);
    expect(emulator.resourceNames()).not.toContain(`${PROJECT}/locations/europe-west1/services/tampered`);
  });
});
