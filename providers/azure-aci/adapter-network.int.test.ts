// Internal apps with links and restricted egress, through the adapter and both official SDKs against the emulator: what
// apply reads back first, the NSG rules it makes (read back here with the network SDK), observe's drift when a rule is
// removed behind its back, destroy, and convergence at a 30% fault rate with no duplicate of anything.
import { ContainerInstanceManagementClient } from "@azure/arm-containerinstance";
import { NetworkManagementClient, type SecurityRule } from "@azure/arm-network";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/providers/emulator-types";
import { ProviderError } from "@/providers/errors";
import type { DeploymentPolicy, DeploymentSpec, EncryptionPolicy, TargetConnection } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { createAzureAciAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { appsOf } from "./network-plan";
import { plan } from "./plan";
import { ensureSandboxNetwork, subnetIdOf, type SandboxNetwork } from "./sandbox-network";

const subscription = "00000000-0000-4000-8000-000000000000";
const net: SandboxNetwork = { resourceGroup: "net", virtualNetwork: "vnet", subnet: "aci", securityGroup: "aci-nsg", addressSpace: "10.2.0.0/16", subnetPrefix: "10.2.0.0/22" };
const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: subscription, resourceGroup: "apps", subnetId: subnetIdOf(subscription, net) };
const adapter = createAzureAciAdapter({ requestTimeoutMs: 2_000, retryDelayInMs: 10, pollIntervalMs: 5 });
const credential = { getToken: async () => ({ token: "dummy-token", expiresOnTimestamp: Date.now() + 60_000 }) };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 100 });
  await ensureSandboxNetwork(connection(), net, 5);
});
afterAll(() => emulator?.stop());

function connection(patch: Partial<TargetConnection> = {}): TargetConnection & { coordinates: AzureCoordinates } {
  return { coordinates, credentials: { kind: "azure-aci", accessToken: "dummy-token" }, endpoint: emulator.url, caCertificate: emulator.caCertificate, maxAttempts: 1, ...patch } as TargetConnection & { coordinates: AzureCoordinates };
}
const sdkOptions = () => ({ endpoint: emulator.url, tlsOptions: { ca: emulator.caCertificate }, retryOptions: { maxRetries: 0 } });
const network = () => new NetworkManagementClient(credential, subscription, sdkOptions());
const aci = () => new ContainerInstanceManagementClient(credential, subscription, sdkOptions());

const noEncryption: EncryptionPolicy = { ingressTlsRequired: false, minTlsVersion: "1.2", httpRedirectToHttps: false, serviceToServiceEncrypted: false, serviceToServiceMutualAuth: false, egressRestricted: false, egressAllowList: [] };
const spec = (name: string, policy: DeploymentPolicy): DeploymentSpec => ({
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
  policy,
});

async function rules(): Promise<SecurityRule[]> {
  const found: SecurityRule[] = [];
  for await (const rule of network().securityRules.list("net", "aci-nsg")) found.push(rule);
  return found;
}
const rulesOf = async (app: string) => (await rules()).filter((r) => appsOf(r.description).includes(app));
const ipOf = async (name: string) => (await aci().containerGroups.get("apps", name)).ipAddress!.ip!;

async function waitForProvisioned(name: string) {
  const deadline = Date.now() + 5_000;
  while ((await aci().containerGroups.get("apps", name)).provisioningState !== "Succeeded") {
    if (Date.now() > deadline) throw new Error(`${name} is still provisioning`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("links and egress on the subnet's network security group", () => {
  const link = { from: "front-1a2b3c", to: "back-4d5e6f", port: 8080 };
  const front = spec("front-1a2b3c", { encryption: { ...noEncryption, egressRestricted: true, egressAllowList: ["203.0.113.0/24"] }, links: [link] });
  const back = spec("back-4d5e6f", { encryption: noEncryption, links: [link] });

  it("makes exactly the planned rules with the groups' private IPs, reads them back without drift, and removes them on destroy", async () => {
    const backRef = await adapter.apply(back, connection(), "rev-1");
    // The caller is not there yet: the callee has only its deny; the link's rule waits for an address to allow.
    expect((await rulesOf("back-4d5e6f")).map((r) => r.name)).toEqual(["bulkhead-back-4d5e6f-deny-vnet-in"]);
    const frontRef = await adapter.apply(front, connection(), "rev-1");

    const [frontIp, backIp] = [await ipOf("front-1a2b3c"), await ipOf("back-4d5e6f")];
    const all = await rules();
    const linkRule = all.find((r) => r.name!.startsWith("bulkhead-link-"))!;
    expect(linkRule).toMatchObject({ direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: frontIp, destinationAddressPrefix: backIp, destinationPortRange: "8080" });
    expect(linkRule.priority).toBeGreaterThanOrEqual(1000);
    const deny = all.find((r) => r.name === "bulkhead-back-4d5e6f-deny-vnet-in")!;
    expect(deny).toMatchObject({ direction: "Inbound", access: "Deny", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: backIp });
    expect(deny.priority!).toBeGreaterThan(linkRule.priority!);
    expect(all.find((r) => r.name === "bulkhead-front-1a2b3c-egress-allow")).toMatchObject({ direction: "Outbound", access: "Allow", sourceAddressPrefix: frontIp, destinationAddressPrefix: "203.0.113.0/24", destinationPortRange: "443" });
    expect(all.find((r) => r.name === "bulkhead-front-1a2b3c-egress-deny")).toMatchObject({ direction: "Outbound", access: "Deny", sourceAddressPrefix: frontIp, destinationAddressPrefix: "Internet" });
    expect(all.map((r) => r.name).sort()).toEqual([linkRule.name, "bulkhead-back-4d5e6f-deny-vnet-in", "bulkhead-front-1a2b3c-deny-vnet-in", "bulkhead-front-1a2b3c-egress-allow", "bulkhead-front-1a2b3c-egress-deny"].sort());

    // Every rule the two plans list is there by name, and nothing else is.
    const planned = [front, back].flatMap((app) => plan(app, coordinates).requests.flatMap((r) => (r.operation === "securityRules.createOrUpdate" ? [r.securityRuleName] : [])));
    expect(new Set(planned)).toEqual(new Set(all.map((r) => r.name)));

    expect(await adapter.observe(front, frontRef, connection())).toEqual({ missing: false, drift: [] });
    expect(await adapter.observe(back, backRef, connection())).toEqual({ missing: false, drift: [] });

    // Applying again changes nothing: no rule is written twice.
    const puts = emulator.requestCounts().SecurityRules_CreateOrUpdate;
    await adapter.apply(front, connection(), "rev-1");
    await adapter.apply(back, connection(), "rev-1");
    expect(emulator.requestCounts().SecurityRules_CreateOrUpdate).toBe(puts);

    await adapter.destroy(frontRef, connection());
    expect(await rulesOf("front-1a2b3c")).toEqual([]);
    expect((await rules()).map((r) => r.name)).toEqual(["bulkhead-back-4d5e6f-deny-vnet-in"]);
    await adapter.destroy(backRef, connection());
    expect(await rules()).toEqual([]);
    expect(emulator.resourceNames().filter((n) => n === "front-1a2b3c" || n === "back-4d5e6f")).toEqual([]);
  });

  it("observe reports a rule removed or weakened out of band, and a re-apply restores it", async () => {
    const ref = await adapter.apply(front, connection(), "rev-1");
    await network().securityRules.delete("net", "aci-nsg", "bulkhead-front-1a2b3c-egress-deny", { updateIntervalInMs: 5 });
    const allow = (await rules()).find((r) => r.name === "bulkhead-front-1a2b3c-egress-allow")!;
    await network().securityRules.createOrUpdate("net", "aci-nsg", allow.name!, { ...allow, destinationAddressPrefix: "*" }, { updateIntervalInMs: 5 });

    const observed = await adapter.observe(front, ref, connection());
    expect(observed).toEqual({
      missing: false,
      drift: expect.arrayContaining([
        expect.objectContaining({ field: "securityRules.bulkhead-front-1a2b3c-egress-deny", actual: undefined }),
        expect.objectContaining({ field: "securityRules.bulkhead-front-1a2b3c-egress-allow", actual: expect.objectContaining({ destination: ["*"] }) }),
      ]),
    });
    await adapter.apply(front, connection(), "rev-1");
    expect(await adapter.observe(front, ref, connection())).toEqual({ missing: false, drift: [] });
    await adapter.destroy(ref, connection());
  });
});

describe("what apply reads back before it changes anything", () => {
  const app = spec("guarded-1a2b3c", { encryption: noEncryption });

  it("refuses a subnet that does not exist, naming the target's subnet, and creates nothing", async () => {
    const missing = { ...coordinates, subnetId: subnetIdOf(subscription, { ...net, subnet: "missing" }) };
    const error = await failure(adapter.apply(app, connection({ coordinates: missing }), "rev-1"));
    expect(error).toMatchObject({ kind: "invalid", field: "coordinates.subnetId", message: expect.stringMatching(/does not exist/) });
    expect(emulator.resourceNames()).not.toContain("guarded-1a2b3c");
  });

  it("refuses a subnet not delegated to container groups, or without a network security group where rules are needed", async () => {
    await network().subnets.createOrUpdate("net", "vnet", "bare", { addressPrefix: "10.2.8.0/24" }, { updateIntervalInMs: 5 });
    const bare = { ...coordinates, subnetId: subnetIdOf(subscription, { ...net, subnet: "bare" }) };
    expect(await failure(adapter.apply(app, connection({ coordinates: bare }), "rev-1"))).toMatchObject({ field: "coordinates.subnetId", message: expect.stringMatching(/not delegated/) });

    await network().subnets.createOrUpdate("net", "vnet", "open", { addressPrefix: "10.2.9.0/24", delegations: [{ name: "aci", serviceName: "Microsoft.ContainerInstance/containerGroups" }] }, { updateIntervalInMs: 5 });
    const open = { ...coordinates, subnetId: subnetIdOf(subscription, { ...net, subnet: "open" }) };
    expect(await failure(adapter.apply(app, connection({ coordinates: open }), "rev-1"))).toMatchObject({ field: "coordinates.subnetId", message: expect.stringMatching(/no network security group/) });
    expect(emulator.resourceNames()).not.toContain("guarded-1a2b3c");
    // Without a policy there are no rules to write, so the delegated subnet alone will do.
    const { policy: _, ...plain } = app;
    const ref = await adapter.apply(plain, connection({ coordinates: open }), "rev-1");
    await adapter.destroy(ref, connection({ coordinates: open }));
  });
});

describe("a confidential-compute placement", () => {
  it("runs on the Confidential SKU with the whole securityContext, which the emulator accepts only there; observe sees it dropped", async () => {
    const sealed = spec("sealed-1a2b3c", { confidentialCompute: true });
    const ref = await adapter.apply(sealed, connection(), "rev-1");
    const group = await aci().containerGroups.get("apps", "sealed-1a2b3c");
    expect(group.sku).toBe("Confidential");
    expect(group.containers[0].securityContext).toMatchObject({ runAsUser: 65532, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(await adapter.observe(sealed, ref, connection())).toEqual({ missing: false, drift: [] });

    // Someone puts the group back on the standard SKU, as Azure then requires without the hardening.
    await waitForProvisioned("sealed-1a2b3c");
    const { sku: _, confidentialComputeProperties: __, ...standard } = group;
    await aci().containerGroups.beginCreateOrUpdateAndWait("apps", "sealed-1a2b3c", { ...standard, containers: standard.containers.map((c) => ({ ...c, securityContext: { privileged: false } })) }, { updateIntervalInMs: 5 });
    const drift = await adapter.observe(sealed, ref, connection());
    expect(drift).toEqual({ missing: false, drift: expect.arrayContaining([expect.objectContaining({ field: "sku", expected: "Confidential", actual: "Standard" }), expect.objectContaining({ field: "securityContext", actual: { privileged: false } })]) });
    await adapter.destroy(ref, connection());
  });
});

describe("faults", () => {
  it("linked apps converge at a 30% fault rate of every kind, with one group each and one rule of each name", async () => {
    const names = ["chaos-a1a1a1", "chaos-b2b2b2", "chaos-c3c3c3"];
    const links = [
      { from: names[0], to: names[1], port: 8080 },
      { from: names[1], to: names[2], port: 8080 },
      { from: names[0], to: names[2], port: 8080 },
    ];
    const specs = names.map((name) => spec(name, { encryption: { ...noEncryption, egressRestricted: true, egressAllowList: ["198.51.100.0/24"] }, links: links.filter((l) => l.from === name || l.to === name) }));
    const retried = connection({ maxAttempts: 10 });
    // The job layer's retry: a failed apply is applied again until it succeeds.
    const applyUntilDone = async (s: DeploymentSpec) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await adapter.apply(s, retried, "rev-1");
        } catch (error) {
          if (!(error instanceof ProviderError) || attempt >= 30) throw error;
        }
      }
    };
    emulator.setFaults({ rate: 0.3, kinds: ["throttle", "server-error", "drop", "latency"], latencyMs: 50 });
    let refs;
    try {
      refs = await Promise.all(specs.map(applyUntilDone));
      // Apps applied before their peers had addresses: a second round writes the links they could not.
      refs = await Promise.all(specs.map(applyUntilDone));
    } finally {
      emulator.setFaults(null);
    }
    for (const name of names) expect(emulator.resourceNames().filter((n) => n === name)).toHaveLength(1);
    const all = await rules();
    expect(new Set(all.map((r) => r.name)).size).toBe(all.length);
    expect(all.filter((r) => r.name!.startsWith("bulkhead-link-"))).toHaveLength(links.length);
    for (const name of names) {
      expect(all.filter((r) => r.name === `bulkhead-${name}-deny-vnet-in`)).toHaveLength(1);
      expect(all.filter((r) => r.name === `bulkhead-${name}-egress-deny`)).toHaveLength(1);
    }
    for (const [index, ref] of refs.entries()) expect(await adapter.observe(specs[index], ref, connection())).toEqual({ missing: false, drift: [] });
    for (const ref of refs) await adapter.destroy(ref, connection({ maxAttempts: 10 }));
    expect(await rules()).toEqual([]);
  });
});
