// A spec's secrets through the adapter and the official SDKs, against the emulator over loopback: they reach the
// containers through Secrets Manager and the task definition's `secrets`, rotate, survive retries and go with destroy.
import { DescribeTaskDefinitionCommand, DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DeleteSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { ProviderError } from "../errors";
import type { DeploymentSpec, ResourcePhase, ResourceRef, ResourceStatus, SecretReference, TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { awsEcsAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { ensureLandingZone } from "./sandbox-landing-zone";
import { secretNameOf, versionIdOf } from "./secrets";

/** The cluster "apps" with its network, made in the emulator as an operator would (see sandbox-landing-zone.ts). */
let coordinates: AwsCoordinates;
const credentials = { kind: "aws-ecs", accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret-access-key" } as const;
const secret = (name: string, version: number): SecretReference => ({ name, version, fingerprint: `fp${name.toLowerCase()}${version}` });
const specFor = (name: string, secrets: SecretReference[], changes: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/web@sha256:${"a".repeat(64)}`,
  cpu: 0.25,
  memoryMiB: 512,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": name },
  secrets,
  ...changes,
});

let emulator: RunningEmulator;
let connection: TargetConnection;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 150 });
  coordinates = await ensureLandingZone(emulator.url, credentials, { name: "apps", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true });
  connection = { coordinates, credentials, endpoint: emulator.url, maxAttempts: 1 };
});
afterAll(() => emulator?.stop());

async function until(ref: ResourceRef, phase: ResourcePhase): Promise<ResourceStatus> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const status = await awsEcsAdapter.status(ref, connection);
    if (status.phase === phase) return status;
    if (Date.now() > deadline) throw new Error(`still ${status.phase} (${status.message}), wanted ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

async function sdk<T, C extends { destroy(): void }>(make: () => C, work: (client: C) => Promise<T>): Promise<T> {
  const client = make();
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}
const config = () => ({ region: coordinates.region, endpoint: emulator.url, credentials, maxAttempts: 1 });
const secretsManager = <T>(work: (client: SecretsManagerClient) => Promise<T>) => sdk(() => new SecretsManagerClient(config()), work);
const ecs = <T>(work: (client: ECSClient) => Promise<T>) => sdk(() => new ECSClient(config()), work);

const environmentOf = (name: string) => emulator.containerEnvironments()[`eu-west-1/apps/${name}`];
const storedFor = (name: string) => Object.entries(emulator.storedSecrets()).filter(([key]) => key.startsWith(`eu-west-1/bulkhead/apps/${name}/`));

describe("secrets through Secrets Manager", () => {
  it("reaches the container, rotates to a new pinned version, and is removed with the service", async () => {
    const v1 = secret("DB_PASSWORD", 1);
    const ref = await awsEcsAdapter.apply(specFor("vault", [v1]), connection, "vault-rev-1", { DB_PASSWORD: "s3cret-one" });
    await until(ref, "running");
    expect(environmentOf("vault")).toEqual({ GREETING: "hello", DB_PASSWORD: "s3cret-one" });

    // Secrets Manager holds the version under the derived id, tagged for the resource; the task definition points at it.
    const name = secretNameOf("vault", coordinates, v1);
    const stored = await secretsManager((client) => client.send(new GetSecretValueCommand({ SecretId: name, VersionId: versionIdOf("vault", coordinates, v1) })));
    expect(stored).toMatchObject({ Name: name, SecretString: "s3cret-one", VersionStages: ["AWSCURRENT"] });
    const { services } = await ecs((client) => client.send(new DescribeServicesCommand({ cluster: "apps", services: ["vault"] })));
    const { taskDefinition } = await ecs((client) => client.send(new DescribeTaskDefinitionCommand({ taskDefinition: services![0].taskDefinition })));
    expect(taskDefinition!.containerDefinitions![0].secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: `${stored.ARN}:::${versionIdOf("vault", coordinates, v1)}` }]);
    expect(JSON.stringify(taskDefinition)).not.toContain("s3cret-one");

    // Rotation: version 2 is a new Secrets Manager version, AWSCURRENT, and the new tasks see it.
    const v2 = secret("DB_PASSWORD", 2);
    await awsEcsAdapter.apply(specFor("vault", [v2]), connection, "vault-rev-2", { DB_PASSWORD: "s3cret-two" });
    await until(ref, "running");
    expect(environmentOf("vault")).toEqual({ GREETING: "hello", DB_PASSWORD: "s3cret-two" });
    const versions = await secretsManager((client) => client.send(new ListSecretVersionIdsCommand({ SecretId: name })));
    expect(versions.Versions!.map((v) => [v.VersionId, v.VersionStages])).toEqual([
      [versionIdOf("vault", coordinates, v1), ["AWSPREVIOUS"]],
      [versionIdOf("vault", coordinates, v2), ["AWSCURRENT"]],
    ]);

    await awsEcsAdapter.destroy(ref, connection);
    expect(storedFor("vault")).toEqual([]);
    await awsEcsAdapter.destroy(ref, connection);
  });

  it("a retried apply (same key) and concurrent duplicates make one secret and one version", async () => {
    const spec = specFor("retry", [secret("API_KEY", 1), secret("TOKEN", 3)]);
    const values = { API_KEY: "key-value-1", TOKEN: "token-value-3" };
    await Promise.all([1, 2, 3].map(() => awsEcsAdapter.apply(spec, connection, "retry-rev-1", values)));
    const ref = await awsEcsAdapter.apply(spec, connection, "retry-rev-1", values);
    expect(storedFor("retry").map(([, value]) => value).sort()).toEqual(["key-value-1", "token-value-3"]);
    await until(ref, "running");
    expect(environmentOf("retry")).toEqual({ GREETING: "hello", ...values });
    await awsEcsAdapter.destroy(ref, connection);
    expect(storedFor("retry")).toEqual([]);
  });

  it("refuses, before any request, a secret without a value, naming it and printing no value", async () => {
    const before = JSON.stringify(emulator.requestCounts());
    const spec = specFor("missing", [secret("ONE", 1), secret("TWO", 1)]);
    const error = await awsEcsAdapter.apply(spec, connection, "missing-1", { ONE: "planted-value-one" }).then(
      () => undefined,
      (e: unknown) => e as ProviderError,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid", field: "secrets.TWO", retryable: false });
    expect(error!.message).toContain("TWO");
    expect(error!.message).not.toContain("planted-value-one");
    expect(JSON.stringify(emulator.requestCounts())).toBe(before);
  });

  it("a version deleted from Secrets Manager before its tasks start fails the rollout with ECS's reason", async () => {
    const v1 = secret("DB_PASSWORD", 1);
    const ref = await awsEcsAdapter.apply(specFor("lost", [v1]), connection, "lost-rev-1", { DB_PASSWORD: "gone-soon" });
    // Someone deletes the secret while the tasks are still provisioning.
    await secretsManager((client) => client.send(new DeleteSecretCommand({ SecretId: secretNameOf("lost", coordinates, v1), ForceDeleteWithoutRecovery: true })));
    const status = await until(ref, "failed");
    expect(status.message).toMatch(/ECS deployment circuit breaker: tasks failed to start/);
    expect(status.message).toMatch(/ResourceInitializationError: unable to pull secrets or registry auth: .*ResourceNotFoundException/);
    expect(environmentOf("lost")).toBeUndefined();
    await awsEcsAdapter.destroy(ref, connection);
  });
});
