import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plan as awsPlan } from "./aws-ecs/plan";
import { createSecretRequest } from "./aws-ecs/secrets";
import { CONTAINER_NAME, plan as azurePlan } from "./azure-aci/plan";
import { withSecretValues } from "./azure-aci/secrets";
import { ProviderError } from "./errors";
import { plan as gcpPlan } from "./gcp-cloud-run/plan";
import { bare } from "./policy.fixtures";
import { redactSecretValues, requireSecretValues, secretPlaceholder, secretReferenceProblems } from "./secrets";
import type { DeploymentSpec, ProviderPlan, SecretReference } from "./types";
import type { AwsCoordinates } from "@/providers/aws-ecs/target-schema";

const base: DeploymentSpec = {
  name: "orders-3f9a2c",
  image: `registry.example.com/team/orders@sha256:${"a".repeat(64)}`,
  cpu: 1,
  memoryMiB: 2048,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "app-1" },
};

const plans: [string, (spec: DeploymentSpec) => ProviderPlan][] = [
  ["AWS ECS", (spec) => awsPlan(spec, bare["aws-ecs"])],
  ["Azure Container Instances", (spec) => azurePlan(spec, bare["azure-aci"])],
  ["Cloud Run", (spec) => gcpPlan(spec, bare["gcp-cloud-run"])],
];

/** Secrets with names every provider takes, distinct, and for each a value that could be anything. */
const secretsWithValues = fc
  .uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/), { minLength: 1, maxLength: 6 })
  .filter((names) => !names.some((name) => ["GREETING", "PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"].includes(name)))
  .chain((names) =>
    fc.tuple(
      fc.constant(names),
      fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: names.length, maxLength: names.length }),
      fc.array(fc.stringMatching(/^[0-9a-f]{16}$/), { minLength: names.length, maxLength: names.length }),
      // Values: printable text of any shape, long enough not to occur by chance in a plan.
      fc.array(fc.string({ minLength: 12, maxLength: 80, unit: "binary" }), { minLength: names.length, maxLength: names.length }),
    ),
  )
  .map(([names, versions, fingerprints, values]) => ({
    secrets: names.map((name, i): SecretReference => ({ name, version: versions[i], fingerprint: fingerprints[i] })),
    values: Object.fromEntries(names.map((name, i) => [name, `${values[i]}#${i}`])),
  }));

describe("no plan ever holds a secret's value", () => {
  it.each(plans)("%s: every secret is a placeholder naming it, its version and fingerprint; no value appears", (_, planOf) => {
    fc.assert(
      fc.property(secretsWithValues, ({ secrets, values }) => {
        const text = JSON.stringify(planOf({ ...base, secrets }));
        for (const ref of secrets) expect(text).toContain(JSON.stringify(secretPlaceholder(ref)).slice(1, -1));
        for (const value of Object.values(values)) expect(text).not.toContain(JSON.stringify(value).slice(1, -1));
      }),
      { numRuns: 60 },
    );
  });

  it("while the requests apply builds from the plan do carry the values (so the property above is not empty)", () => {
    fc.assert(
      fc.property(secretsWithValues, ({ secrets, values }) => {
        const spec = { ...base, secrets };
        const azure = withSecretValues(azurePlan(spec, bare["azure-aci"]).requests[0].body, spec, CONTAINER_NAME, values);
        for (const ref of secrets) {
          expect(createSecretRequest(spec, bare["aws-ecs"] as AwsCoordinates, ref, values[ref.name]).SecretString).toBe(values[ref.name]);
          expect(azure.containers[0].environmentVariables).toContainEqual({ name: ref.name, secureValue: values[ref.name] });
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("shared checks", () => {
  const secret: SecretReference = { name: "DB_PASSWORD", version: 2, fingerprint: "00ff00ff00ff00ff" };

  it("apply without a value for a secret is refused, naming each missing secret and no value", () => {
    expect(requireSecretValues({ ...base, secrets: [secret] }, { DB_PASSWORD: "x" })).toEqual({ DB_PASSWORD: "x" });
    expect(requireSecretValues(base, undefined)).toEqual({});
    const refuse = () => requireSecretValues({ ...base, secrets: [secret, { ...secret, name: "API_KEY" }] }, { OTHER: "planted-value" });
    expect(refuse).toThrow(ProviderError);
    try {
      refuse();
    } catch (error) {
      expect(error).toMatchObject({ kind: "invalid", field: "secrets.API_KEY", retryable: false });
      expect((error as Error).message).toBe("apply was given no value for the secrets API_KEY, DB_PASSWORD that the spec names");
    }
  });

  it("redacts every value from a text, the longest first", () => {
    expect(redactSecretValues("connect with hunter2 and hunter22", { A: "hunter2", B: "hunter22" })).toBe("connect with *** and ***");
    expect(redactSecretValues("nothing to hide", { A: "" })).toBe("nothing to hide");
  });

  it.each<[string, Partial<DeploymentSpec>, string]>([
    ["a name that is also an env key", { env: { DB_PASSWORD: "x" } }, /has the name of an environment variable/.source],
    ["a secret listed twice", { secrets: [secret, secret] }, /listed twice/.source],
    ["version 0", { secrets: [{ ...secret, version: 0 }] }, /whole number from 1/.source],
    ["an empty fingerprint", { secrets: [{ ...secret, fingerprint: "" }] }, /fingerprint/.source],
  ])("refuses %s as secrets.<NAME>", (_, changes, message) => {
    const problems = secretReferenceProblems({ ...base, secrets: [secret], ...changes });
    expect(problems).toContainEqual({ field: "secrets.DB_PASSWORD", message: expect.stringMatching(message) });
  });
});
