import { describe, expect, it } from "vitest";
import { previewView } from "./views";

// The preview's answer is checked against its output schema on the way out: fields a provider puts in its plan
// beyond the common ones must come through, or the dashboard and the API would show less than the provider sends.

const spec = { name: "shop", image: `r.example/shop@sha256:${"a".repeat(64)}`, cpu: 0.5, memoryMiB: 1024, port: 8080, env: {}, minInstances: 1, maxInstances: 1, ingress: "public", healthCheckPath: "/", labels: {} };

describe("the preview's output schema", () => {
  it("keeps what providers add: Azure's fields beside each request, Cloud Run's hardening and invoker policy", () => {
    const azure = { kind: "azure-aci", requests: [{ operation: "containerGroups.beginCreateOrUpdate", resourceGroupName: "rg", containerGroupName: "shop", body: {}, notes: ["a sidecar"] }] };
    const run = { kind: "gcp-cloud-run", requests: [{ operation: "CreateService", body: {} }], hardening: [{ setting: "nonRoot" }], iamPolicy: { bindings: [] } };
    for (const plan of [azure, run]) expect(previewView.parse({ target: { name: "t", kind: plan.kind }, spec, image: null, decision: null, plan }).plan).toEqual(plan);
  });

  it("still refuses what is not a plan", () => {
    expect(previewView.safeParse({ target: { name: "t", kind: "aws-ecs" }, spec, decision: null, plan: { kind: "mainframe", requests: [] } }).success).toBe(false);
    expect(previewView.safeParse({ target: { name: "t", kind: "aws-ecs" }, spec: { ...spec, cpu: "lots" }, decision: null, plan: null }).success).toBe(false);
  });
});
