// The Container Instances client of a target, built only from the connection, and what every call names: the adapter
// adds the network client to it (./adapter.ts), the log reader uses it alone (./read-logs.ts), so a thread that only
// follows logs does not load the network SDK.
import { ContainerInstanceManagementClient } from "@azure/arm-containerinstance";
import { ProviderError } from "@/providers/errors";
import type { ResourceRef, TargetConnection } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { azureCredential } from "./credentials";

export interface AzureAciAdapterOptions {
  /** Limit for each HTTP request; a slower answer fails as "unavailable" (the job layer retries). */
  requestTimeoutMs?: number;
  /** First back-off between the SDK's retries; the SDK's own default is 1 s, doubling. */
  retryDelayInMs?: number;
  /** Interval between polls of the network's long-running operations; unset: Azure's Retry-After, else the SDK's 2 s. */
  pollIntervalMs?: number;
}

/** The container instance client and the settings a second client of the same target shares. */
export function connectContainers(connection: TargetConnection, options: AzureAciAdapterOptions) {
  const { coordinates, credentials } = connection;
  if (coordinates.kind !== "azure-aci") throw new ProviderError("invalid", `This target is for ${coordinates.kind}, not Azure Container Instances`, "coordinates.kind");
  if (credentials.kind !== "azure-aci") throw new ProviderError("credentials", `The credentials of this target are for ${credentials.kind}, not Azure`);
  // The target's service principal (./credentials.ts): the SDK never looks for managed identities, CLI logins or
  // environment variables, and the library renews its tokens.
  const credential = azureCredential(connection);
  const pipeline = {
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    // Trust exactly the emulator's self-signed certificate; real Azure uses the system's CAs.
    ...(connection.caCertificate ? { tlsOptions: { ca: connection.caCertificate } } : {}),
    retryOptions: {
      ...(connection.maxAttempts ? { maxRetries: Math.max(0, connection.maxAttempts - 1) } : {}),
      ...(options.retryDelayInMs !== undefined ? { retryDelayInMs: options.retryDelayInMs } : {}),
    },
    userAgentOptions: { userAgentPrefix: "bulkhead" },
  };
  return {
    client: new ContainerInstanceManagementClient(credential, coordinates.subscriptionId, pipeline),
    coordinates,
    call: { requestOptions: { timeout: options.requestTimeoutMs ?? 30_000 } },
    credential,
    pipeline,
  };
}

/** The resource group recorded in the ref's ARM id; a ref without one (a job that never got a ref) uses the target's. */
export function resourceGroupOf(ref: ResourceRef, coordinates: AzureCoordinates): string {
  const match = /\/resourceGroups\/([^/]+)\//i.exec(ref.id);
  return match ? decodeURIComponent(match[1]) : coordinates.resourceGroup;
}

export const where = (name: string, resourceGroup: string) => `container group "${name}" in resource group "${resourceGroup}"`;
