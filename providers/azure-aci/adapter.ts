// Azure Container Instances through the official SDKs: one container group per deployment and, for an internal app
// under a policy, the NSG rules of its links and egress on the network security group of the target's subnet.
import { ContainerInstanceManagementClient, type ContainerGroup } from "@azure/arm-containerinstance";
import { NetworkManagementClient } from "@azure/arm-network";
import { ProviderError } from "@/providers/errors";
import { redactSecretValues, requireSecretValues } from "@/providers/secrets";
import type { ProviderAdapter, ResourceRef, SecretValues, TargetConnection } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { azureCredential } from "./credentials";
import { eventsOf } from "./events";
import { acceptedAlready, needsReplacement, statusOf } from "./group-state";
import { readLogs } from "./logs";
import { isNotFound, isOperationFailure, isTransitioning, mapAzureError } from "./map-error";
import { addressesOf, ensureRules, type NetworkSession, removeRulesOf, ruleDrift, securityGroupOfTarget, verifyPlacement } from "./network-apply";
import { ruleTemplates } from "./network-plan";
import { CONTAINER_NAME, plan } from "./plan";
import { observeGroup } from "./observe";
import { withSecretValues } from "./secrets";
import { azureAciDescription } from "./adapter-description";

export interface AzureAciAdapterOptions {
  /** Limit for each HTTP request; a slower answer fails as "unavailable" (the job layer retries). */
  requestTimeoutMs?: number;
  /** First back-off between the SDK's retries; the SDK's own default is 1 s, doubling. */
  retryDelayInMs?: number;
  /** Interval between polls of the network's long-running operations; unset: Azure's Retry-After, else the SDK's 2 s. */
  pollIntervalMs?: number;
}

type Session = NetworkSession;

/** A client per call, built only from the connection: no ambient credentials, nothing cached between calls. */
function connect(connection: TargetConnection, options: AzureAciAdapterOptions): Session {
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
  // Tokens for the Resource Manager the calls go to, which wants its own URL as the audience: the container instance
  // client asks for `<endpoint>/.default` by itself, the (newer, modular) network client for management.azure.com's
  // whatever the endpoint unless told.
  const scopes = [`${connection.endpoint ?? "https://management.azure.com"}/.default`];
  return {
    client: new ContainerInstanceManagementClient(credential, coordinates.subscriptionId, pipeline),
    network: new NetworkManagementClient(credential, coordinates.subscriptionId, { ...pipeline, credentials: { scopes } }),
    coordinates,
    call: { requestOptions: { timeout: options.requestTimeoutMs ?? 30_000 } },
    poll: options.pollIntervalMs !== undefined ? { updateIntervalInMs: options.pollIntervalMs } : {},
  };
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

/**
 * PUT is create-or-update by name, so no call can make a second group. The request's fingerprint tag lets a retry
 * skip a PUT Azure already accepted; it covers each secret's version and fingerprint (the plan's placeholders), so a
 * rotation is a new request. Returns once Azure accepted the request (the PUT and one look at the operation); status()
 * follows provisioning.
 */
async function putGroup(session: Session, group: string, name: string, body: ContainerGroup): Promise<void> {
  const existing = await getGroup(session, group, name);
  if (acceptedAlready(existing, body)) return;
  if (existing && needsReplacement(existing, body)) await session.client.containerGroups.beginDeleteAndWait(group, name, session.call);
  try {
    await session.client.containerGroups.beginCreateOrUpdate(group, name, body, session.call);
  } catch (error) {
    // Accepted, then provisioning failed: status() reports why.
    if (isOperationFailure(error)) return;
    // A repeated PUT (the SDK's retry after a lost answer, or a retried job) found this request still provisioning.
    if (isTransitioning(error) && acceptedAlready(await getGroup(session, group, name), body)) return;
    throw error;
  }
}

/** No secret value leaves in an error: the request held them, so a message that echoes it is cleaned. */
function withoutValues(error: unknown, values: SecretValues): unknown {
  if (!(error instanceof ProviderError)) return error;
  const message = redactSecretValues(error.message, values);
  return message === error.message ? error : new ProviderError(error.kind, message, error.field);
}

export function createAzureAciAdapter(options: AzureAciAdapterOptions = {}): ProviderAdapter {
  return {
    ...azureAciDescription,

    // Every step is idempotent (the group by name and fingerprint, each rule by name and settings), so a retried job
    // finishes what a failed one started; the idempotency key is not needed for that.
    async apply(spec, connection, _idempotencyKey, secrets) {
      const values = requireSecretValues(spec, secrets);
      const session = connect(connection, options);
      const planned = plan(spec, session.coordinates);
      const [{ resourceGroupName: group, containerGroupName: name, body: plannedBody }, ...rules] = planned.requests;
      const templates = rules.map((request) => request.rule);
      // The values go into this request only, never back into the plan.
      const body = withSecretValues(plannedBody, spec, CONTAINER_NAME, values);
      const ref: ResourceRef = { kind: "azure-aci", id: resourceId(session.coordinates.subscriptionId, group, name), name };
      try {
        // The plan's checks come first: nothing changes on a target whose subnet cannot do its job.
        const securityGroup = planned.checks ? await verifyPlacement(session, templates.length > 0) : undefined;
        await putGroup(session, group, name, body);
        if (securityGroup) {
          const addresses = await addressesOf(session, templates);
          if (!addresses.has(name)) throw new ProviderError("unavailable", `Azure has not given ${where(name, group)} a private IP yet; its network rules follow on the next try`);
          await ensureRules(session, securityGroup, templates, addresses);
        }
        return ref;
      } catch (error) {
        throw withoutValues(mapAzureError(error, `creating or updating ${where(name, group)} and its network rules`), values);
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

    // The app container's log; ACI's own ListLogs has only `tail`, so providers/log-lines.ts applies the rest of the query.
    async *logs(ref, connection, query) {
      const session = connect(connection, options);
      const group = resourceGroupOf(ref, session.coordinates);
      const read = async (tail: number | undefined, abortSignal: AbortSignal | undefined) =>
        (await session.client.containers.listLogs(group, ref.name, CONTAINER_NAME, { ...session.call, ...(tail !== undefined ? { tail } : {}), timestamps: true, ...(abortSignal ? { abortSignal } : {}) })).content ?? "";
      try {
        yield* readLogs(read, ref.name, query);
      } catch (error) {
        throw mapAzureError(error, `reading the log of container "${CONTAINER_NAME}" of ${where(ref.name, group)}`);
      }
    },

    async events(ref, connection) {
      const session = connect(connection, options);
      const group = resourceGroupOf(ref, session.coordinates);
      try {
        const found = await getGroup(session, group, ref.name);
        return found ? eventsOf(found) : [];
      } catch (error) {
        throw mapAzureError(error, `reading ${where(ref.name, group)}`);
      }
    },

    async observe(spec, ref, connection) {
      const session = connect(connection, options);
      const group = resourceGroupOf(ref, session.coordinates);
      try {
        const observed = observeGroup(await getGroup(session, group, ref.name), spec, session.coordinates);
        const templates = ruleTemplates(spec, session.coordinates);
        if (observed.missing || !templates.length) return observed;
        const rules = await ruleDrift(session, await securityGroupOfTarget(session), templates, await addressesOf(session, templates));
        return { missing: false, drift: [...observed.drift, ...rules] };
      } catch (error) {
        throw mapAzureError(error, `reading ${where(ref.name, group)}`);
      }
    },

    async destroy(ref, connection) {
      const session = connect(connection, options);
      const group = resourceGroupOf(ref, session.coordinates);
      try {
        // The rules first: they name the group's private IP, which Azure may give to another group once it is gone.
        const securityGroup = session.coordinates.subnetId ? await securityGroupOfTarget(session) : undefined;
        if (securityGroup) await removeRulesOf(session, securityGroup, ref.name);
      } catch (error) {
        // A network security group deleted meanwhile holds no rule any more.
        if (!isNotFound(error)) throw mapAzureError(error, `removing the network rules of ${where(ref.name, group)}`);
      }
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
