// What an operator prepares once for a target with internal apps, through the official network SDK: a virtual network
// whose subnet is delegated to container groups and associated with a network security group. The sandbox makes it in
// its emulator (and tests in theirs); Bulkhead's adapter only reads it back. Every step is a PUT, so running this again
// changes nothing.
import { NetworkManagementClient } from "@azure/arm-network";
import type { TargetConnection } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { ACI_DELEGATION } from "./network-plan";

export interface SandboxNetwork {
  resourceGroup: string;
  virtualNetwork: string;
  subnet: string;
  securityGroup: string;
  /** The network's address space and the subnet's range inside it. */
  addressSpace: string;
  subnetPrefix: string;
}

export const subnetIdOf = (subscriptionId: string, n: SandboxNetwork) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${n.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${n.virtualNetwork}/subnets/${n.subnet}`;

/** Creates (or leaves as it is) the network of `n` where `connection` points, and answers the subnet's id. */
export async function ensureSandboxNetwork(connection: TargetConnection & { coordinates: AzureCoordinates }, n: SandboxNetwork, pollIntervalMs?: number): Promise<string> {
  const { coordinates, credentials } = connection;
  if (credentials.kind !== "azure-aci" || !("accessToken" in credentials)) throw new Error("Setting up an Azure network here takes a static token straight to the emulator");
  const credential = { getToken: async () => ({ token: credentials.accessToken, expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const client = new NetworkManagementClient(credential, coordinates.subscriptionId, {
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.caCertificate ? { tlsOptions: { ca: connection.caCertificate } } : {}),
  });
  const poll = pollIntervalMs === undefined ? {} : { updateIntervalInMs: pollIntervalMs };
  const group = await client.networkSecurityGroups.createOrUpdate(n.resourceGroup, n.securityGroup, { location: coordinates.region }, poll);
  await client.virtualNetworks.createOrUpdate(
    n.resourceGroup,
    n.virtualNetwork,
    {
      location: coordinates.region,
      addressSpace: { addressPrefixes: [n.addressSpace] },
      subnets: [{ name: n.subnet, addressPrefix: n.subnetPrefix, delegations: [{ name: "aci", serviceName: ACI_DELEGATION }], networkSecurityGroup: { id: group.id } }],
    },
    poll,
  );
  return subnetIdOf(coordinates.subscriptionId, n);
}
