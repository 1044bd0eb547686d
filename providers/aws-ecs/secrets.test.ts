import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import type { DeploymentSpec, SecretReference } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { plan, validate } from "./plan";
import { secretNameOf, valueFromOf, versionIdOf } from "./secrets";

const coordinates: AwsCoordinates = {
  kind: "aws-ecs",
  region: "eu-west-1",
  cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
  subnets: ["subnet-0a1b2c3d"],
  securityGroups: ["sg-0a1b2c3d"],
  executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
};
const secrets: SecretReference[] = [
  { name: "STRIPE_KEY", version: 2, fingerprint: "f1e2d3c4b5a69788" },
  { name: "DB_PASSWORD", version: 7, fingerprint: "0a1b2c3d4e5f6a7b" },
];
const spec: DeploymentSpec = {
  name: "orders-3f9a2c",
  image: `registry.example.com/team/orders@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 1,
  maxInstances: 2,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "app-1" },
  secrets,
};

describe("plan with secrets", () => {
  const { requests } = plan(spec, coordinates);
  const taskDefinition = requests.find((r) => r.operation === "RegisterTaskDefinition")!.body as RegisterTaskDefinitionCommandInput;

  it("stores each secret's version in Secrets Manager before registering the task definition", () => {
    expect(requests.map((r) => r.operation)).toEqual([
      "SecretsManager.CreateSecret",
      "SecretsManager.PutSecretValue (sent instead when the secret exists)",
      "SecretsManager.TagResource (with PutSecretValue)",
      "SecretsManager.CreateSecret",
      "SecretsManager.PutSecretValue (sent instead when the secret exists)",
      "SecretsManager.TagResource (with PutSecretValue)",
      "RegisterTaskDefinition",
      "CreateService",
      "UpdateService",
    ]);
    expect(requests[0].body).toEqual({
      Name: "bulkhead/prod/orders-3f9a2c/DB_PASSWORD",
      Description: "DB_PASSWORD of orders-3f9a2c on cluster prod, delivered by Bulkhead",
      SecretString: "(secret DB_PASSWORD version 7, fingerprint 0a1b2c3d4e5f6a7b: the value is sent only at apply)",
      ClientRequestToken: versionIdOf(spec.name, coordinates, secrets[1]),
      Tags: [
        { Key: "bulkhead-resource", Value: "orders-3f9a2c" },
        { Key: "bulkhead-cluster", Value: "prod" },
        { Key: "bulkhead-secret", Value: "DB_PASSWORD" },
        { Key: "bulkhead-version", Value: "7" },
      ],
    });
    expect(requests[1].body).toMatchObject({ SecretId: "bulkhead/prod/orders-3f9a2c/DB_PASSWORD", ClientRequestToken: versionIdOf(spec.name, coordinates, secrets[1]) });
  });

  it("points the container at each version by id, with the target's execution role reading them", () => {
    expect(taskDefinition.executionRoleArn).toBe(coordinates.executionRoleArn);
    expect(taskDefinition.containerDefinitions![0].secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: valueFromOf("(ARN of secret bulkhead/prod/orders-3f9a2c/DB_PASSWORD, read back at apply)", versionIdOf(spec.name, coordinates, secrets[1])) },
      { name: "STRIPE_KEY", valueFrom: valueFromOf("(ARN of secret bulkhead/prod/orders-3f9a2c/STRIPE_KEY, read back at apply)", versionIdOf(spec.name, coordinates, secrets[0])) },
    ]);
    expect(taskDefinition.containerDefinitions![0].environment).toEqual([{ name: "GREETING", value: "hello" }]);
  });

  it("derives version ids from the secret, its version and its fingerprint: 32–64 characters, the same on every apply", () => {
    const id = versionIdOf(spec.name, coordinates, secrets[1]);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(versionIdOf(spec.name, coordinates, { ...secrets[1] })).toBe(id);
    expect(versionIdOf(spec.name, coordinates, { ...secrets[1], version: 8 })).not.toBe(id);
    expect(versionIdOf(spec.name, coordinates, { ...secrets[1], fingerprint: "ffff" })).not.toBe(id);
    expect(versionIdOf(spec.name, { ...coordinates, cluster: "staging" }, secrets[1])).not.toBe(id);
    expect(secretNameOf(spec.name, { ...coordinates, cluster: "staging" }, secrets[1])).toBe("bulkhead/staging/orders-3f9a2c/DB_PASSWORD");
  });

  it("leaves a spec without secrets planned exactly as before", () => {
    const { secrets: _none, ...plain } = spec;
    const body = plan(plain, coordinates).requests[0].body as RegisterTaskDefinitionCommandInput;
    expect(plan(plain, coordinates).requests.map((r) => r.operation)).toEqual(["RegisterTaskDefinition", "CreateService", "UpdateService"]);
    expect(body.containerDefinitions![0]).not.toHaveProperty("secrets");
    expect(plan({ ...plain, secrets: [] }, coordinates)).toEqual(plan(plain, coordinates));
  });
});

describe("validate with secrets", () => {
  const fields = (changes: Partial<DeploymentSpec>) => validate({ ...spec, ...changes }, coordinates).map((p) => p.field);

  it("accepts the spec", () => {
    expect(validate(spec, coordinates)).toEqual([]);
  });

  it.each<[string, Partial<DeploymentSpec>, string]>([
    ["a secret named like an env variable", { env: { DB_PASSWORD: "plain" } }, "secrets.DB_PASSWORD"],
    ["a secret listed twice", { secrets: [...secrets, { ...secrets[0], version: 3 }] }, "secrets.STRIPE_KEY"],
    ["version 0", { secrets: [{ ...secrets[0], version: 0 }] }, "secrets.STRIPE_KEY"],
    ["a fingerprint with spaces", { secrets: [{ ...secrets[0], fingerprint: "not one" }] }, "secrets.STRIPE_KEY"],
    ["a name with a slash (it would reach into another secret's path)", { secrets: [{ ...secrets[0], name: "A/B" }] }, "secrets.A/B"],
    ["a name with a character Secrets Manager refuses", { secrets: [{ ...secrets[0], name: "KEY$" }] }, "secrets.KEY$"],
    ["a name with =", { secrets: [{ ...secrets[0], name: "A=B" }] }, "secrets.A=B"],
    ["a name that makes the secret name longer than 512", { secrets: [{ ...secrets[0], name: "K".repeat(490) }] }, `secrets.${"K".repeat(490)}`],
  ])("refuses %s, naming the field", (_, changes, field) => {
    expect(fields(changes)).toEqual([field]);
  });

  it("refuses more secrets than the 64 KiB task definition holds, naming secrets", () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ name: `SECRET_${i}`, version: 1, fingerprint: "abcdef0123456789" }));
    expect(fields({ secrets: many.slice(0, 100) })).toEqual([]);
    const [problem] = validate({ ...spec, secrets: many }, coordinates);
    expect(problem).toEqual({ field: "secrets", message: expect.stringMatching(/with 400 secrets; ECS accepts at most 64 KiB/) });
  });
});
