// The sandbox's Azure target end to end, with the real job workers: internal apps land in the subnet the target
// declares (which the sandbox made in its emulator), and an approved link reaches that subnet's network security group
// as a rule between the two groups' private IPs, after which each app's deny of the rest of the virtual network holds.
import { ContainerInstanceManagementClient } from "@azure/arm-containerinstance";
import { NetworkManagementClient, type SecurityRule } from "@azure/arm-network";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 50 });
});
afterAll(() => sandbox?.stop());

const running = (id: string, revision: number) =>
  waitFor(`deployment ${id} running revision ${revision}`, async () => {
    const d = await db().deployment.findUniqueOrThrow({ where: { id } });
    return d.status === "running" && d.runningRevision === revision ? d : undefined;
  });

it("internal apps run in the sandbox's delegated subnet, and an approved link becomes an NSG rule between their private IPs", async () => {
  const { emulator, targetId } = sandbox.byKind["azure-aci"];
  const target = await db().target.findUniqueOrThrow({ where: { id: targetId } });
  const coordinates = target.coordinates as { subscriptionId: string; resourceGroup: string; subnetId: string };
  const credential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 60_000 }) };
  const options = { endpoint: emulator.url, tlsOptions: { ca: emulator.caCertificate } };
  const network = new NetworkManagementClient(credential, coordinates.subscriptionId, options);
  const groups = new ContainerInstanceManagementClient(credential, coordinates.subscriptionId, options);
  const [networkGroup, vnet, subnet] = ((parts) => [parts[4], parts[8], parts[10]])(coordinates.subnetId.split("/"));
  const nsg = (await network.subnets.get(networkGroup, vnet, subnet)).networkSecurityGroup!.id!.split("/");
  const rules = async () => {
    const found: SecurityRule[] = [];
    for await (const rule of network.securityRules.list(nsg[4], nsg[8])) found.push(rule);
    return found;
  };

  const teamId = (await makeTeam("AzureNet")).id;
  const [dev, dev2] = [await makeCaller("developer", [teamId]), await makeCaller("developer", [teamId])];
  const baseImageId = (await makeBaseImage()).id;
  const settings = { ...baseSettings, ingress: "internal" as const };
  const [a, b] = [
    await dev.caller.apps.create({ teamId, name: "caller", description: "", classification: "internal", baseImageId }),
    await dev.caller.apps.create({ teamId, name: "callee", description: "", classification: "internal", baseImageId }),
  ];
  const [depA, depB] = [await dev.caller.deployments.deploy({ appId: a.id, targetId, ...settings }), await dev.caller.deployments.deploy({ appId: b.id, targetId, ...settings })];
  await Promise.all([running(depA.id, 1), running(depB.id, 1)]);
  const nameOf = async (id: string) => (await db().deployment.findUniqueOrThrow({ where: { id }, select: { resourceName: true } })).resourceName;
  const [nameA, nameB] = [await nameOf(depA.id), await nameOf(depB.id)];
  const ipOf = async (name: string) => (await groups.containerGroups.get(coordinates.resourceGroup, name)).ipAddress!;
  expect((await groups.containerGroups.get(coordinates.resourceGroup, nameA)).subnetIds).toEqual([{ id: coordinates.subnetId }]);
  expect((await rules()).map((r) => r.name).sort()).toEqual([`bulkhead-${nameA}-deny-vnet-in`, `bulkhead-${nameB}-deny-vnet-in`].sort());

  const link = await dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" });
  await dev2.caller.links.approve({ id: link.id, note: "" });
  await Promise.all([running(depA.id, 2), running(depB.id, 2)]);
  const linkRule = (await rules()).find((r) => r.name!.startsWith("bulkhead-link-"));
  expect(linkRule).toMatchObject({ direction: "Inbound", access: "Allow", sourceAddressPrefix: (await ipOf(nameA)).ip, destinationAddressPrefix: (await ipOf(nameB)).ip, destinationPortRange: "8080" });
  const revision = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId: depB.id, number: 2 } } });
  expect(JSON.stringify(revision.plan)).toContain(linkRule!.name);
});
