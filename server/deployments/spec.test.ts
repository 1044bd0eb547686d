import { describe, expect, it } from "vitest";
import { buildSpec, resourceNameFor, settingsOf } from "./spec";

const app = { id: "8c1d2e3f-0000-4000-8000-000000000000", name: "payments-api", teamSlug: "payments" };
const settings = {
  image: "registry.example.com/payments@sha256:" + "a".repeat(64),
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { MODE: "prod" },
  minInstances: 1,
  maxInstances: 3,
  ingress: "public" as const,
  healthCheckPath: "/healthz",
};

describe("deployment spec", () => {
  it("names the resource after the app, stable and short enough for every provider", () => {
    expect(resourceNameFor(app)).toBe("payments-api-8c1d2e");
    expect(resourceNameFor({ id: app.id, name: "a".repeat(40) }).length).toBeLessThanOrEqual(49);
  });

  it("carries the settings and labels the resource with app, team and revision", () => {
    const spec = buildSpec(app, settings, 3);
    expect(spec).toMatchObject({ name: "payments-api-8c1d2e", image: settings.image, port: 8080, labels: { "bulkhead-app": app.id, "bulkhead-team": "payments", "bulkhead-revision": "3" } });
    expect(settingsOf(spec)).toEqual(settings);
  });
});
