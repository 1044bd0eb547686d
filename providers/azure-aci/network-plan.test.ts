import { describe, expect, it } from "vitest";
import type { DeploymentSpec } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { resolve } from "./network-apply";
import { appsOf, networkChecks, ruleRequests, ruleTemplates } from "./network-plan";

const subnetId = "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/core/subnets/aci";
const target: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "apps", subnetId };
const link = { from: "front-1a2b3c", to: "back-4d5e6f", port: 8080 };
const spec = (name: string, patch: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/${name}@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: {},
  minInstances: 1,
  maxInstances: 1,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: {},
  policy: { links: [link] },
  ...patch,
});

describe("NSG rules of a plan", () => {
  it("gives a link the same rule in both apps' plans, so either writes it and neither rewrites the other's", () => {
    const fromCaller = ruleTemplates(spec("front-1a2b3c"), target).find((r) => r.name.startsWith("bulkhead-link-"));
    const fromCallee = ruleTemplates(spec("back-4d5e6f"), target).find((r) => r.name.startsWith("bulkhead-link-"));
    expect(fromCaller).toEqual(fromCallee);
    expect(appsOf(fromCaller!.description)).toEqual(["back-4d5e6f", "front-1a2b3c"]);
  });

  it("ends every internal app under a policy with its deny, and writes nothing for a public app, one without a policy or without a subnet", () => {
    expect(ruleTemplates(spec("back-4d5e6f", { policy: {} }), target).map((r) => r.name)).toEqual(["bulkhead-back-4d5e6f-deny-vnet-in"]);
    expect(ruleTemplates(spec("back-4d5e6f", { ingress: "public" }), target)).toEqual([]);
    expect(ruleTemplates(spec("back-4d5e6f", { policy: undefined }), target)).toEqual([]);
    expect(ruleTemplates(spec("back-4d5e6f"), { ...target, subnetId: undefined })).toEqual([]);
  });

  it("shows group addresses and priorities in words in the preview, for apply to fill in", () => {
    const [request] = ruleRequests(spec("back-4d5e6f"), target);
    expect(request).toMatchObject({ operation: "securityRules.createOrUpdate", networkSecurityGroup: expect.stringContaining(subnetId) });
    expect(request.body).toMatchObject({ sourceAddressPrefix: "<private IP of container group front-1a2b3c>", destinationAddressPrefix: "<private IP of container group back-4d5e6f>", priority: "<a free priority from 1000 to 2999>" });
  });

  it("reads the subnet back for every internal app, and its NSG only where there are rules to write", () => {
    expect(networkChecks(spec("back-4d5e6f"), target).map((c) => c.operation)).toEqual(["subnets.get", "networkSecurityGroups.get"]);
    expect(networkChecks(spec("back-4d5e6f", { policy: undefined }), target).map((c) => c.operation)).toEqual(["subnets.get"]);
    expect(networkChecks(spec("back-4d5e6f", { ingress: "public" }), target)).toEqual([]);
  });
});

describe("rules as apply sends them", () => {
  const [linkRule] = ruleTemplates(spec("back-4d5e6f"), target);
  const addresses = (calleePorts: number[]) =>
    new Map([
      ["front-1a2b3c", { ip: "10.0.0.4", ports: [8080] }],
      ["back-4d5e6f", { ip: "10.0.0.5", ports: calleePorts }],
    ]);

  it("allows the caller's IP to the callee's on the port the callee exposes: the link's, or its TLS sidecar's 443", () => {
    expect(resolve(linkRule, addresses([8080]))).toMatchObject({ sourceAddressPrefix: "10.0.0.4", destinationAddressPrefix: "10.0.0.5", destinationPortRange: "8080" });
    expect(resolve(linkRule, addresses([443, 80]))).toMatchObject({ destinationPortRange: "443" });
  });

  it("waits while a group it names has no address", () => {
    expect(resolve(linkRule, new Map([["back-4d5e6f", { ip: "10.0.0.5", ports: [8080] }]]))).toBeUndefined();
  });
});
