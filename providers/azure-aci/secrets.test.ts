import { describe, expect, it } from "vitest";
import type { DeploymentSpec, SecretReference } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { CONTAINER_NAME, plan, SPEC_TAG, validate } from "./plan";
import { withSecretValues } from "./secrets";

const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "prod-apps" };
const secrets: SecretReference[] = [
  { name: "DB_PASSWORD", version: 4, fingerprint: "9f8e7d6c5b4a3928" },
  { name: "API_KEY", version: 1, fingerprint: "1a2b3c4d5e6f7a8b" },
];
const spec: DeploymentSpec = {
  name: "web-3f9a2c",
  image: `registry.example.com/team/web@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { ZETA: "last", ALPHA: "first" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "app-1" },
  secrets,
};
const request = (s: DeploymentSpec = spec) => plan(s, coordinates).requests[0];

describe("plan with secrets", () => {
  it("gives the app container each secret as a secure value holding a placeholder, in name order with the plain values", () => {
    expect(request().body.containers[0].environmentVariables).toEqual([
      { name: "ALPHA", value: "first" },
      { name: "API_KEY", secureValue: "(secret API_KEY version 1, fingerprint 1a2b3c4d5e6f7a8b: the value is sent only at apply)" },
      { name: "DB_PASSWORD", secureValue: "(secret DB_PASSWORD version 4, fingerprint 9f8e7d6c5b4a3928: the value is sent only at apply)" },
      { name: "ZETA", value: "last" },
    ]);
    expect(request().notes.join(" ")).toMatch(/Secrets API_KEY \(version 1\), DB_PASSWORD \(version 4\) are secure environment variables/);
  });

  it("changes the request's fingerprint tag on rotation, so apply sends it again, and only then", () => {
    const tag = (s: DeploymentSpec) => request(s).body.tags![SPEC_TAG];
    expect(tag({ ...spec, secrets: [...secrets].reverse() })).toBe(tag(spec));
    expect(tag({ ...spec, secrets: [{ ...secrets[0], version: 5, fingerprint: "0000111122223333" }, secrets[1]] })).not.toBe(tag(spec));
  });

  it("puts the values into a copy for apply, leaving the plan as it was", () => {
    const planned = request().body;
    const before = structuredClone(planned);
    const sent = withSecretValues(planned, spec, CONTAINER_NAME, { DB_PASSWORD: "hunter2", API_KEY: "k-123" });
    expect(sent.containers[0].environmentVariables).toEqual([
      { name: "ALPHA", value: "first" },
      { name: "API_KEY", secureValue: "k-123" },
      { name: "DB_PASSWORD", secureValue: "hunter2" },
      { name: "ZETA", value: "last" },
    ]);
    expect(sent.tags).toEqual(planned.tags);
    expect(planned).toEqual(before);
  });

  it("leaves a spec without secrets planned exactly as before", () => {
    const { secrets: _none, ...plain } = spec;
    expect(request(plain).body.containers[0].environmentVariables).toEqual([
      { name: "ALPHA", value: "first" },
      { name: "ZETA", value: "last" },
    ]);
    expect(plan({ ...plain, secrets: [] }, coordinates)).toEqual(plan(plain, coordinates));
  });
});

describe("validate with secrets", () => {
  it("accepts the spec", () => {
    expect(validate(spec, coordinates)).toEqual([]);
  });

  it.each<[string, Partial<DeploymentSpec>, string]>([
    ["a secret named like an env variable", { env: { API_KEY: "plain" } }, "secrets.API_KEY"],
    ["a secret name Azure refuses", { secrets: [{ ...secrets[0], name: "1PASSWORD" }] }, "secrets.1PASSWORD"],
    ["a secret name with a hyphen", { secrets: [{ ...secrets[0], name: "DB-PASSWORD" }] }, "secrets.DB-PASSWORD"],
    ["a secret listed twice", { secrets: [secrets[0], secrets[0]] }, "secrets.DB_PASSWORD"],
    ["a version that is not a whole number", { secrets: [{ ...secrets[0], version: 1.5 }] }, "secrets.DB_PASSWORD"],
  ])("refuses %s, naming the field", (_, changes, field) => {
    expect(validate({ ...spec, ...changes }, coordinates).map((p) => p.field)).toEqual([field]);
  });
});
