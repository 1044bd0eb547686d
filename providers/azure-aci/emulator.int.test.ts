// The emulator as a witness: the official SDKs (@azure/arm-network, @azure/arm-containerinstance) against it over HTTPS
// on 127.0.0.1, for what Azure accepts and refuses, the operations beyond create/read/delete, and state kept on disk.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ContainerInstanceManagementClient, type ContainerGroup } from "@azure/arm-containerinstance";
import { NetworkManagementClient } from "@azure/arm-network";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/providers/emulator-types";
import type { DeploymentSpec } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { startEmulator } from "./emulator";
import { plan } from "./plan";
import { ensureSandboxNetwork, type SandboxNetwork } from "./sandbox-network";

const subscription = "00000000-0000-4000-8000-000000000000";
const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: subscription, resourceGroup: "apps" };
const net: SandboxNetwork = { resourceGroup: "net", virtualNetwork: "vnet", subnet: "aci", securityGroup: "aci-nsg", addressSpace: "10.1.0.0/16", subnetPrefix: "10.1.0.0/24" };
const subnetId = `/subscriptions/${subscription}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci`;
const nsgId = `/subscriptions/${subscription}/resourceGroups/net/providers/Microsoft.Network/networkSecurityGroups/aci-nsg`;
const credential = { getToken: async () => ({ token: "dummy-token", expiresOnTimestamp: Date.now() + 60_000 }) };
const poll = { updateIntervalInMs: 5 };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 100 });
  await ensureSandboxNetwork({ coordinates, credentials: { kind: "azure-aci", accessToken: "t" }, endpoint: emulator.url, caCertificate: emulator.caCertificate }, net);
});
afterAll(() => emulator?.stop());

const options = (target = emulator) => ({ endpoint: target.url, tlsOptions: { ca: target.caCertificate }, retryOptions: { maxRetries: 0 } });
const network = (target = emulator) => new NetworkManagementClient(credential, subscription, options(target));
const aci = (target = emulator) => new ContainerInstanceManagementClient(credential, subscription, options(target));

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
  ...patch,
});
const groupBody = (name: string, patch: Partial<DeploymentSpec> = {}, c: AzureCoordinates = { ...coordinates, subnetId }) => structuredClone(plan(spec(name, patch), c).requests[0].body);

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as { name?: string; statusCode?: number; code?: string };
  expect(error?.name).toBe("RestError");
  return { statusCode: error.statusCode, code: error.code };
}

const rule = (priority: number, patch: object = {}) => ({
  protocol: "Tcp",
  access: "Allow",
  direction: "Inbound",
  priority,
  sourcePortRange: "*",
  destinationPortRange: "8080",
  sourceAddressPrefix: "10.1.0.4",
  destinationAddressPrefix: "10.1.0.5",
  ...patch,
});

describe("Azure Network", () => {
  it("creates, reads, updates and deletes a security rule as a long-running operation", async () => {
    const created = await network().securityRules.createOrUpdate("net", "aci-nsg", "allow-a", rule(1000), poll);
    expect(created).toMatchObject({ name: "allow-a", priority: 1000, provisioningState: "Succeeded" });
    await network().securityRules.createOrUpdate("net", "aci-nsg", "allow-a", rule(1000, { destinationPortRange: "9090" }), poll);
    expect((await network().securityRules.get("net", "aci-nsg", "allow-a")).destinationPortRange).toBe("9090");
    const group = await network().networkSecurityGroups.get("net", "aci-nsg");
    expect(group.securityRules!.map((r) => r.name)).toContain("allow-a");
    expect(group.defaultSecurityRules!.map((r) => r.name)).toContain("DenyAllInBound");
    expect(group.subnets!.map((s) => s.id)).toEqual([subnetId]);
    await network().securityRules.delete("net", "aci-nsg", "allow-a", poll);
    expect(await refusal(network().securityRules.get("net", "aci-nsg", "allow-a"))).toEqual({ statusCode: 404, code: "NotFound" });
    expect(emulator.requestCounts().NetworkOperation_Get).toBeGreaterThan(0);
  });

  it("reads the subnet with its delegation and its network security group", async () => {
    const subnet = await network().subnets.get("net", "vnet", "aci");
    expect(subnet).toMatchObject({ id: subnetId, addressPrefix: "10.1.0.0/24", networkSecurityGroup: { id: nsgId } });
    expect(subnet.delegations!.map((d) => d.serviceName)).toEqual(["Microsoft.ContainerInstance/containerGroups"]);
  });

  const refusals: [string, () => Promise<unknown>, number, string][] = [
    ["a priority Azure does not allow", () => network().securityRules.createOrUpdate("net", "aci-nsg", "low", rule(99), poll), 400, "SecurityRuleInvalidPriority"],
    ["a port range out of 0–65535", () => network().securityRules.createOrUpdate("net", "aci-nsg", "port", rule(1001, { destinationPortRange: "70000" }), poll), 400, "SecurityRuleInvalidPortRange"],
    ["an address that is none", () => network().securityRules.createOrUpdate("net", "aci-nsg", "addr", rule(1002, { sourceAddressPrefix: "not-an-address" }), poll), 400, "SecurityRuleInvalidAddressPrefix"],
    ["a rule of a group that does not exist", () => network().securityRules.createOrUpdate("net", "no-such-nsg", "x", rule(1003), poll), 404, "ParentResourceNotFound"],
    ["a subnet whose group does not exist", () => network().subnets.createOrUpdate("net", "vnet", "other", { addressPrefix: "10.1.1.0/24", networkSecurityGroup: { id: `${nsgId}-missing` } }, poll), 400, "InvalidResourceReference"],
    ["a subnet outside its network's range", () => network().subnets.createOrUpdate("net", "vnet", "outside", { addressPrefix: "10.2.0.0/24" }, poll), 400, "NetcfgSubnetRangeOutsideVnet"],
    ["a subnet overlapping another", () => network().subnets.createOrUpdate("net", "vnet", "overlap", { addressPrefix: "10.1.0.128/25" }, poll), 400, "NetcfgSubnetRangesOverlap"],
    ["deleting a group a subnet uses", () => network().networkSecurityGroups.delete("net", "aci-nsg", poll), 400, "InUseNetworkSecurityGroupCannotBeDeleted"],
  ];
  it.each(refusals)("refuses %s with Azure's code", async (_, call, statusCode, code) => {
    expect(await refusal(call())).toEqual({ statusCode, code });
  });

  it("checks token, api-version and subscription before any network operation", async () => {
    const path = `/subscriptions/${subscription}/resourceGroups/net/providers/Microsoft.Network/networkSecurityGroups/aci-nsg`;
    expect(await fetchJson("GET", `${path}?api-version=2019-01-01`)).toMatchObject({ status: 400, body: { error: { code: "InvalidApiVersionParameter" } } });
    expect(await fetchJson("GET", path)).toMatchObject({ status: 400, body: { error: { code: "MissingApiVersionParameter" } } });
    expect(await fetchJson("GET", `${path}?api-version=2022-07-01`, undefined, {})).toMatchObject({ status: 401, body: { error: { code: "AuthenticationFailed" } } });
    expect(await refusal(new NetworkManagementClient(credential, "not-a-guid", options()).networkSecurityGroups.get("net", "aci-nsg"))).toEqual({ statusCode: 400, code: "InvalidSubscriptionId" });
  });

  it("refuses two rules with the same priority and direction (SecurityRuleConflict), not with another direction", async () => {
    await network().securityRules.createOrUpdate("net", "aci-nsg", "first", rule(1500), poll);
    expect(await refusal(network().securityRules.createOrUpdate("net", "aci-nsg", "second", rule(1500), poll))).toEqual({ statusCode: 400, code: "SecurityRuleConflict" });
    await network().securityRules.createOrUpdate("net", "aci-nsg", "second", rule(1500, { direction: "Outbound" }), poll);
    for (const name of ["first", "second"]) await network().securityRules.delete("net", "aci-nsg", name, poll);
  });
});

describe("Container Instances: placement and Azure's refusals", () => {
  it("places a group in a delegated subnet, and will not delete the subnet while it is there", async () => {
    await aci().containerGroups.beginCreateOrUpdateAndWait("apps", "placed", groupBody("placed"), poll);
    expect((await aci().containerGroups.get("apps", "placed")).ipAddress).toMatchObject({ type: "Private", ip: expect.stringMatching(/^10\./) });
    expect(await refusal(network().subnets.delete("net", "vnet", "aci", poll))).toEqual({ statusCode: 400, code: "InUseSubnetCannotBeDeleted" });
    await aci().containerGroups.beginDeleteAndWait("apps", "placed", poll);
  });

  it("refuses a subnet that does not exist or is not delegated to container groups", async () => {
    const missing = subnetId.replace(/aci$/, "nowhere");
    expect(await refusal(aci().containerGroups.beginCreateOrUpdate("apps", "lost", groupBody("lost", {}, { ...coordinates, subnetId: missing })))).toEqual({ statusCode: 400, code: "InvalidResourceReference" });
    await network().subnets.createOrUpdate("net", "vnet", "plain", { addressPrefix: "10.1.2.0/24" }, poll);
    const plain = subnetId.replace(/aci$/, "plain");
    expect(await refusal(aci().containerGroups.beginCreateOrUpdate("apps", "plain", groupBody("plain", {}, { ...coordinates, subnetId: plain })))).toEqual({ statusCode: 400, code: "SubnetMissingRequiredDelegation" });
    await network().subnets.delete("net", "vnet", "plain", poll);
  });

  it("refuses a private group with a DNS label, and securityContext beyond privileged outside the Confidential SKU", async () => {
    const labelled = groupBody("labelled");
    labelled.ipAddress!.dnsNameLabel = "labelled";
    expect(await refusal(aci().containerGroups.beginCreateOrUpdate("apps", "labelled", labelled))).toEqual({ statusCode: 400, code: "DnsNameLabelNotSupported" });
    const hardened = groupBody("hardened");
    hardened.containers[0].securityContext = { privileged: false, runAsUser: 65532 };
    expect(await refusal(aci().containerGroups.beginCreateOrUpdate("apps", "hardened", hardened))).toEqual({ statusCode: 400, code: "SecurityContextNotSupported" });
    const confidential = groupBody("confidential", { policy: { confidentialCompute: true } });
    confidential.containers[0].securityContext = { ...confidential.containers[0].securityContext, seccompProfile: "e30=" };
    expect(await refusal(aci().containerGroups.beginCreateOrUpdate("apps", "confidential", confidential))).toEqual({ statusCode: 400, code: "SecurityContextNotSupported" });
  });

  it("takes the whole securityContext on the Confidential SKU and returns it", async () => {
    await aci().containerGroups.beginCreateOrUpdateAndWait("apps", "sealed", groupBody("sealed", { policy: { confidentialCompute: true } }), poll);
    const read = await aci().containerGroups.get("apps", "sealed");
    expect(read.sku).toBe("Confidential");
    expect(read.containers[0].securityContext).toMatchObject({ runAsUser: 65532, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    await aci().containerGroups.beginDeleteAndWait("apps", "sealed", poll);
  });
});

describe("Container Instances: beyond create, read and delete", () => {
  let running: ContainerGroup;
  beforeAll(async () => {
    await aci().containerGroups.beginCreateOrUpdateAndWait("apps", "ops", groupBody("ops", { ingress: "public" }), poll);
    running = await aci().containerGroups.get("apps", "ops");
  });

  it("drops members the model does not have instead of echoing them back", async () => {
    const body = groupBody("extra", { ingress: "public" }) as ContainerGroup & Record<string, unknown>;
    const wire = { location: body.location, tags: body.tags, unknownTopLevel: 1, properties: { osType: "Linux", containers: [{ name: "app", properties: { image: body.containers[0].image, resources: { requests: { cpu: 0.5, memoryInGB: 1 } }, madeUp: true } }], madeUpToo: "x" } };
    const answer = await fetchJson("PUT", "/subscriptions/" + subscription + "/resourceGroups/apps/providers/Microsoft.ContainerInstance/containerGroups/extra?api-version=2023-05-01", wire);
    expect(answer.status).toBe(201);
    expect(JSON.stringify(answer.body)).not.toMatch(/madeUp|unknownTopLevel/);
    const read = await fetchJson("GET", "/subscriptions/" + subscription + "/resourceGroups/apps/providers/Microsoft.ContainerInstance/containerGroups/extra?api-version=2023-05-01");
    expect(JSON.stringify(read.body)).not.toMatch(/madeUp|unknownTopLevel/);
  });

  it("lists a container's logs, the last lines with timestamps on request", async () => {
    await waitUntilRunning("ops");
    const all = await aci().containers.listLogs("apps", "ops", "app");
    expect(all.content).toMatch(/^Starting .*\nEnvironment: .*\nListening on port 8080\n/);
    const last = await aci().containers.listLogs("apps", "ops", "app", { tail: 1, timestamps: true });
    expect(last.content!.trim().split("\n")).toHaveLength(1);
    expect(last.content).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await refusal(aci().containers.listLogs("apps", "ops", "nope"))).toEqual({ statusCode: 404, code: "ContainerNotFound" });
  });

  it("stops, starts and restarts a group", async () => {
    await waitUntilRunning("ops");
    await aci().containerGroups.stop("apps", "ops");
    expect((await aci().containerGroups.get("apps", "ops")).instanceView?.state).toBe("Stopped");
    expect(await refusal(aci().containerGroups.beginRestart("apps", "ops"))).toEqual({ statusCode: 409, code: "ContainerGroupStopped" });
    await aci().containerGroups.beginStartAndWait("apps", "ops", poll);
    expect((await aci().containerGroups.get("apps", "ops")).instanceView?.state).toBe("Running");
    await aci().containerGroups.beginRestartAndWait("apps", "ops", poll);
    expect((await aci().containerGroups.get("apps", "ops")).containers[0].instanceView?.restartCount).toBe(1);
  });

  it("updates tags with PATCH and changes nothing else", async () => {
    const updated = await aci().containerGroups.update("apps", "ops", { tags: { owner: "ops-team" } });
    expect(updated.tags).toEqual({ owner: "ops-team" });
    const read = await aci().containerGroups.get("apps", "ops");
    expect(read.tags).toEqual({ owner: "ops-team" });
    expect(read.containers[0].image).toBe(running.containers[0].image);
    expect(await refusal(aci().containerGroups.update("apps", "nowhere", { tags: {} }))).toEqual({ statusCode: 404, code: "ResourceNotFound" });
  });
});

describe("state in stateDir", () => {
  it("keeps container groups, networks and rules across a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bulkhead-azure-state-"));
    try {
      const first = await startEmulator({ provisionDelayMs: 0, stateDir: dir });
      await ensureSandboxNetwork({ coordinates, credentials: { kind: "azure-aci", accessToken: "t" }, endpoint: first.url, caCertificate: first.caCertificate }, net);
      await network(first).securityRules.createOrUpdate("net", "aci-nsg", "kept", rule(2000), poll);
      await aci(first).containerGroups.beginCreateOrUpdateAndWait("apps", "kept", groupBody("kept"), poll);
      await first.stop();

      const second = await startEmulator({ provisionDelayMs: 0, stateDir: dir });
      try {
        expect(second.resourceNames()).toEqual(["kept"]);
        expect((await aci(second).containerGroups.get("apps", "kept")).subnetIds).toEqual([{ id: subnetId }]);
        expect((await network(second).securityRules.get("net", "aci-nsg", "kept")).priority).toBe(2000);
        expect(await refusal(network(second).subnets.delete("net", "vnet", "aci", poll))).toEqual({ statusCode: 400, code: "InUseSubnetCannotBeDeleted" });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitUntilRunning(name: string) {
  const deadline = Date.now() + 5_000;
  while ((await aci().containerGroups.get("apps", name)).instanceView?.state !== "Running") {
    if (Date.now() > deadline) throw new Error(`${name} is not running`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A request as any client could send it, for what the SDK's serializer would not send. */
async function fetchJson(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = { authorization: "Bearer t" }): Promise<{ status: number; body: unknown }> {
  const { request } = await import("node:https");
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${pathAndQuery}`, { method, ca: emulator.caCertificate, headers: { ...headers, "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
