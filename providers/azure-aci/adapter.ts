// Azure Container Instances through the official SDK: one container group per deployment.
import { ContainerInstanceManagementClient, type ContainerGroup } from "@azure/arm-containerinstance";
import { ProviderError } from "@/providers/errors";
import type { AzureCoordinates, ProviderAdapter, ResourceRef, TargetConnection } from "@/providers/types";
import { azureCredential } from "./credentials";
import { acceptedAlready, needsReplacement, statusOf } from "./group-state";
import { isNotFound, isOperationFailure, isTransitioning, mapAzureError } from "./map-error";
import { plan, validate } from "./plan";
import { policyCapabilities } from "./policy";

export interface AzureAciAdapterOptions {
  /** Limit for each HTTP request; a slower answer fails as "unavailable" (the job layer retries). */
  requestTimeoutMs?: number;
  /** First back-off between the SDK's retries; the SDK's own default is 1 s, doubling. */
  retryDelayInMs?: number;
}

interface Session {
  client: ContainerInstanceManagementClient;
  coordinates: AzureCoordinates;
  /** Options for every call: the request timeout. */
  call: { requestOptions: { timeout: number } };
}

/** A client per call, built only from the connection: no ambient credentials, nothing cached between calls. */
function connect(connection: TargetConnection, options: AzureAciAdapterOptions): Session {
  const { coordinates, credentials } = connection;
  if (coordinates.kind !== "azure-aci") throw new ProviderError("invalid", `This target is for ${coordinates.kind}, not Azure Container Instances`, "coordinates.kind");
  if (credentials.kind !== "azure-aci") throw new ProviderError("credentials", `The credentials of this target are for ${credentials.kind}, not Azure`);
  const client = new ContainerInstanceManagementClient(azureCredential(connection), coordinates.subscriptionId, {
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    // Trust exactly the emulator's self-signed certificate; real Azure uses the system's CAs.
    ...(connection.caCertificate ? { tlsOptions: { ca: connection.caCertificate } } : {}),
    retryOptions: {
      ...(connection.maxAttempts ? { maxRetries: Math.max(0, connection.maxAttempts - 1) } : {}),
      ...(options.retryDelayInMs !== undefined ? { retryDelayInMs: options.retryDelayInMs } : {}),
    },
    userAgentOptions: { userAgentPrefix: "bulkhead" },
  });
  return { client, coordinates, call: { requestOptions: { timeout: options.requestTimeoutMs ?? 30_000 } } };
}

function resourceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
}

/** The resource group recorded in the ref's ARM id; a ref without one (a job that never got a ref) uses the target's. */
function resourceGroupOf(ref: ResourceRef, coordinates: AzureCoordinates): string {
  const match = /\/resourceGroups\/([^/]+)\//i.exec(ref.id);
  return match ? decodeURIComponent(match[1]) : coordinates.resourceGroup;
}

async function getGroup({ client, call }: Session, resourceGroup: string, name: string): Promise<ContainerGroup | undefined> {
  try {
    return await client.containerGroups.get(resourceGroup, name, call);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

const where = (name: string, resourceGroup: string) => `container group "${name}" in resource group "${resourceGroup}"`;

export function createAzureAciAdapter(options: AzureAciAdapterOptions = {}): ProviderAdapter {
  return {
    kind: "azure-aci",
    displayName: "Azure Container Instances",
    // Private ingress = VNet placement; TLS needs a sidecar or a gateway; one group never scales.
    capabilities: { managedTls: false, privateIngress: true, scaleToZero: false, maxCpu: 4, maxMemoryMiB: 16 * 1024, policy: policyCapabilities },
    validate,
    plan,

    // PUT is create-or-update by name, so no call can make a second group; the idempotency key is not
    // needed for that. The request's fingerprint tag lets a retry skip a PUT Azure already accepted.
    async apply(spec, connection) {
      const session = connect(connection, options);
      const { resourceGroupName: group, containerGroupName: name, body } = plan(spec, session.coordinates).requests[0];
      const ref: ResourceRef = { kind: "azure-aci", id: resourceId(session.coordinates.subscriptionId, group, name), name };
      try {
        const existing = await getGroup(session, group, name);
        if (acceptedAlready(existing, body)) return ref;
        if (existing && needsReplacement(existing, body)) await session.client.containerGroups.beginDeleteAndWait(group, name, session.call);
        try {
          // Returns once Azure accepted the request (the PUT and one look at the operation); status() follows provisioning.
          await session.client.containerGroups.beginCreateOrUpdate(group, name, body, session.call);
        } catch (error) {
          // Accepted, then provisioning failed: status() reports why.
          if (isOperationFailure(error)) return ref;
          // A repeated PUT (the SDK's retry after a lost answer, or a retried job) found this request still provisioning.
          if (isTransitioning(error) && acceptedAlready(await getGroup(session, group, name), body)) return ref;
          throw error;
        }
        return ref;
      } catch (error) {
        throw mapAzureError(error, `creating or updating ${where(name, group)}`);
      }
    },

    async status(ref, connection) {
      const session = connect(connection, options);
      const group = resourceGroupOf(ref, session.coordinates);
      try {
        const found = await getGroup(session, group, ref.name);
        return found ? statusOf(found) : { phase: "absent", message: `There is no ${where(ref.name, group)}`, runningInstances: 0 };
      } catch (error) {
        throw mapAzureError(error, `reading ${where(ref.name, group)}`);
      }
    },

    async destroy(ref, connection) {
      const session = connect(connection, options);
      const group = resourceGroupOf(ref, session.coordinates);
      try {
        // Azure answers 204 for a group that is already gone; 404 means its resource group is gone too.
        await session.client.containerGroups.beginDeleteAndWait(group, ref.name, session.call);
      } catch (error) {
        if (!isNotFound(error)) throw mapAzureError(error, `deleting ${where(ref.name, group)}`);
      }
    },

    // The first page of the resource group's container groups: a token obtained, the group found, nothing changed.
    async testConnection(connection) {
      const session = connect(connection, options);
      const { resourceGroup, subscriptionId } = session.coordinates;
      try {
        const page = await session.client.containerGroups.listByResourceGroup(resourceGroup, session.call).byPage().next();
        const found = page.done || !page.value.length ? "no container groups yet" : "container groups already there";
        return `Azure answered for resource group "${resourceGroup}" of subscription ${subscriptionId}: ${found}`;
      } catch (error) {
        throw mapAzureError(error, `listing the container groups of resource group "${resourceGroup}"`);
      }
    },
  };
}

export const azureAciAdapter = createAzureAciAdapter();
