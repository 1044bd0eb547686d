import { describe, expect, it } from "vitest";
import type { DeploymentSpec, SecretReference } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { plan, validate } from "./plan";
import { serviceAccountOf } from "./policy-enforcement";
import { secretIdOf } from "./secrets";

const coordinates: GcpCoordinates = { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" };
const secrets: SecretReference[] = [
  { name: "STRIPE_KEY", version: 3, fingerprint: "aa11bb22cc33dd44" },
  { name: "DB_PASSWORD", version: 12, fingerprint: "0f1e2d3c4b5a6978" },
];
const spec: DeploymentSpec = {
  name: "payments-api-8c1d2e",
  image: `europe-docker.pkg.dev/bulkhead/apps/payments@sha256:${"a".repeat(64)}`,
  cpu: 1,
  memoryMiB: 1024,
  port: 8080,
  env: { MODE: "prod" },
  minInstances: 1,
  maxInstances: 3,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "8c1d2e3f" },
  secrets,
};
type Body = { service: { template: { serviceAccount?: string; containers: { env: object[] }[] } } };

describe("plan with secrets", () => {
  const { requests } = plan(spec, coordinates);

  it("makes the service's own account first, then one secret per secret version with its single version and its accessor, before the service", () => {
    expect(requests.map((r) => r.operation)).toEqual([
      "IAM serviceAccounts.create (ALREADY_EXISTS: read back, must be this app's, enabled if disabled)",
      "SecretManager.CreateSecret (ALREADY_EXISTS counts as done)",
      "SecretManager.AddSecretVersion (only while the secret has no version 1)",
      "SecretManager.SetIamPolicy",
      "SecretManager.CreateSecret (ALREADY_EXISTS counts as done)",
      "SecretManager.AddSecretVersion (only while the secret has no version 1)",
      "SecretManager.SetIamPolicy",
      "CreateService",
      "UpdateService (sent instead when the service already exists)",
    ]);
    const id = "payments-api-8c1d2e-europe-west1-DB_PASSWORD-v12";
    expect(requests[0].body).toMatchObject({ name: "projects/bulkhead-prod", accountId: serviceAccountOf(spec.name, coordinates).split("@")[0] });
    expect(requests[1].body).toEqual({
      parent: "projects/bulkhead-prod",
      secretId: id,
      secret: { replication: { automatic: {} }, labels: { "bulkhead_resource": spec.name, "bulkhead_region": "europe-west1", "bulkhead_secret": "db_password", "bulkhead_version": "12" } },
    });
    expect(requests[2].body).toEqual({
      parent: `projects/bulkhead-prod/secrets/${id}`,
      payload: { data: "(secret DB_PASSWORD version 12, fingerprint 0f1e2d3c4b5a6978: the value is sent only at apply)", dataCrc32c: "(CRC32C of the value, computed at apply)" },
    });
    expect(requests[3].body).toEqual({
      resource: `projects/bulkhead-prod/secrets/${id}`,
      policy: { bindings: [{ role: "roles/secretmanager.secretAccessor", members: [`serviceAccount:${serviceAccountOf(spec.name, coordinates)}`] }] },
    });
  });

  it("runs the service as its own account and reads each variable from its secret's version 1", () => {
    const { service } = requests.find((r) => r.operation === "CreateService")!.body as Body;
    expect(service.template.serviceAccount).toBe(serviceAccountOf(spec.name, coordinates));
    expect(service.template.containers[0].env).toEqual([
      { name: "MODE", value: "prod" },
      { name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "payments-api-8c1d2e-europe-west1-DB_PASSWORD-v12", version: "1" } } },
      { name: "STRIPE_KEY", valueSource: { secretKeyRef: { secret: "payments-api-8c1d2e-europe-west1-STRIPE_KEY-v3", version: "1" } } },
    ]);
  });

  it("names a new secret for each version and each region", () => {
    expect(secretIdOf(spec.name, coordinates, { ...secrets[1], version: 13 })).toBe("payments-api-8c1d2e-europe-west1-DB_PASSWORD-v13");
    expect(secretIdOf(spec.name, { ...coordinates, region: "us-central1" }, secrets[1])).toBe("payments-api-8c1d2e-us-central1-DB_PASSWORD-v12");
  });

  it("leaves a spec without secrets planned exactly as before (no service account, no secret requests)", () => {
    const { secrets: _none, ...plain } = spec;
    const { service } = plan(plain, coordinates).requests[0].body as Body;
    expect(service.template.serviceAccount).toBeUndefined();
    expect(plan(plain, coordinates).requests.map((r) => r.operation)).toEqual(["CreateService", "UpdateService (sent instead when the service already exists)"]);
    expect(plan({ ...plain, secrets: [] }, coordinates)).toEqual(plan(plain, coordinates));
  });
});

describe("validate with secrets", () => {
  it("accepts the spec", () => {
    expect(validate(spec, coordinates)).toEqual([]);
  });

  it.each<[string, Partial<DeploymentSpec>, string]>([
    ["a secret named like an env variable", { env: { STRIPE_KEY: "plain" } }, "secrets.STRIPE_KEY"],
    ["a secret named PORT (Cloud Run sets it)", { secrets: [{ ...secrets[0], name: "PORT" }] }, "secrets.PORT"],
    ["a name with a dot (no secret id may hold one)", { secrets: [{ ...secrets[0], name: "A.B" }] }, "secrets.A.B"],
    ["a name of 64 characters (no label value may be that long)", { secrets: [{ ...secrets[0], name: "K".repeat(64) }] }, `secrets.${"K".repeat(64)}`],
    ["a secret listed twice", { secrets: [secrets[0], { ...secrets[0], version: 4 }] }, "secrets.STRIPE_KEY"],
    ["a negative version", { secrets: [{ ...secrets[0], version: -1 }] }, "secrets.STRIPE_KEY"],
    ["more variables than Cloud Run sets", { env: Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`V${i}`, "x"])) }, "secrets"],
  ])("refuses %s, naming the field", (_, changes, field) => {
    expect(validate({ ...spec, ...changes }, coordinates).map((p) => p.field)).toEqual([field]);
  });
});
