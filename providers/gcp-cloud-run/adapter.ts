// Google Cloud Run through the official client (@google-cloud/run ServicesClient, default gRPC transport), with IAM
// and Compute over REST (rest-client.ts). apply checks the target's load balancer, makes the app's service account,
// stores the spec's secrets in Secret Manager (@google-cloud/secret-manager), creates or replaces the service and sets
// who may invoke it; status reads it back; observe reads all of that back; logs reads the containers' output through
// Cloud Logging (@google-cloud/logging, logs.ts) and events the service's conditions (events.ts); destroy deletes the
// service, the secrets and the account.
import { protos, type ServicesClient } from "@google-cloud/run";
import type { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { status as grpcStatus } from "@grpc/grpc-js";
import type { CallOptions } from "google-gax";
import { ProviderError } from "../errors";
import { redactSecretValues, requireSecretValues, secretField } from "../secrets";
import type { DeploymentSpec, ProviderAdapter, ResourceRef, ResourceStatus, SecretReference, SecretValues, TargetConnection } from "../types";
import { callOptions, DEFAULT_CALL_TIMEOUT_MS, loggingClient, revisionsClient, secretManagerClient, servicesClient } from "./client";
import { eventsOf, REVISIONS_READ } from "./events";
import { readLogs } from "./logs";
import { grpcCode, toProviderError } from "./map-error";
import { existingCallers, grantCallees, invokersOf, setInvokers } from "./invokers";
import { loadBalancerProblems } from "./load-balancer";
import { gcpCoordinates, serviceName, serviceRequests, validate } from "./plan";
import { observeService } from "./observe";
import { invokerPolicy, usesLoadBalancer } from "./policy-enforcement";
import { googleRest } from "./rest-client";
import { deleteSecrets, oversizedSecret, storeSecrets } from "./secret-store";
import { deleteAccount, ensureAccount, readAccount } from "./service-account-store";
import { ownsAccount } from "./service-accounts";
import { gcpCloudRunDescription } from "./adapter-description";

/** Secret Manager work with a fresh client; errors become ProviderErrors that never carry a secret value. */
async function withSecretManager<T>(connection: TargetConnection, action: string, timeoutMs: number, values: SecretValues, work: (client: SecretManagerServiceClient, options: CallOptions) => Promise<T>): Promise<T> {
  const client = secretManagerClient(connection);
  try {
    return await work(client, callOptions(connection, timeoutMs));
  } catch (error) {
    const mapped = toProviderError(error, { connection, action, service: "Secret Manager" });
    // Not `cause`: a client error can hold the request, and the request held a value.
    throw new ProviderError(mapped.kind, redactSecretValues(mapped.message, values), mapped.field);
  } finally {
    await client.close();
  }
}

const { State } = protos.google.cloud.run.v2.Condition;
type Service = protos.google.cloud.run.v2.IService;

export interface CloudRunAdapterOptions {
  /** Deadline of each attempt of each call; a call slower than this fails (and is retried). */
  callTimeoutMs?: number;
  /** How long one Cloud Logging tail session of a log follower lasts before the next opens (unset: the client's hour). */
  tailSessionMs?: number;
}

/** IAM or Compute work over REST; errors become ProviderErrors naming the API. */
async function withRest<T>(connection: TargetConnection, action: string, service: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toProviderError(error, { connection, action, service });
  }
}

/** Runs one piece of work with a fresh client made by `make`, closes it, and turns client errors into ProviderErrors. */
async function withGrpc<C extends { close(): Promise<void> }, T>(make: (connection: TargetConnection) => C, connection: TargetConnection, action: string, timeoutMs: number, work: (client: C, options: CallOptions) => Promise<T>): Promise<T> {
  const client = make(connection);
  try {
    return await work(client, callOptions(connection, timeoutMs));
  } catch (error) {
    throw toProviderError(error, { connection, action });
  } finally {
    await client.close();
  }
}

/** withGrpc with Cloud Run's ServicesClient. */
const withClient = <T>(connection: TargetConnection, action: string, timeoutMs: number, work: (client: ServicesClient, options: CallOptions) => Promise<T>) => withGrpc(servicesClient, connection, action, timeoutMs, work);

/** Enums arrive as names over gRPC; compare by name or number so either form reads the same. */
const conditionIs = (state: unknown, name: keyof typeof State) => state === name || state === State[name];
const shortRevision = (revision: string | null | undefined) => revision?.split("/").pop() ?? "the latest revision";

function statusOf(service: Service): ResourceStatus {
  const condition = service.terminalCondition;
  const url = service.uri || undefined;
  if (conditionIs(condition?.state, "CONDITION_FAILED")) {
    return { phase: "failed", message: condition?.message || "Cloud Run reports that the service failed", url };
  }
  if (service.reconciling || !conditionIs(condition?.state, "CONDITION_SUCCEEDED")) {
    return { phase: "pending", message: condition?.message || `Cloud Run is deploying ${shortRevision(service.latestCreatedRevision)}`, url };
  }
  // The Admin API has no live instance count (runningInstances means one the cloud counted); the message says the
  // minimum Cloud Run keeps warm, which is all it vouches for.
  const warm = service.template?.scaling?.minInstanceCount ?? 0;
  return { phase: "running", message: `${shortRevision(service.latestReadyRevision)} is serving; at least ${warm} instance(s) kept warm`, url };
}

export function createGcpCloudRunAdapter(options: CloudRunAdapterOptions = {}): ProviderAdapter {
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;

  return {
    ...gcpCloudRunDescription,

    /**
     * In order, each step idempotent so a retried apply converges: the target's load balancer is read back (refused,
     * before any change, when it does not enforce what the plan says); the app's own service account is made or
     * adopted; the secrets are stored; the service is created — CreateService has no request id, so the service id
     * is the idempotency key: ALREADY_EXISTS turns into UpdateService with the same full body; then who may invoke
     * it (replaced whole: the public, or the linked callers whose accounts exist — a revoked link drops its caller),
     * and this app's grant on each linked callee already running here. apply returns once Cloud Run accepted the
     * change; status follows the rollout.
     */
    async apply(spec: DeploymentSpec, connection: TargetConnection, _idempotencyKey: string, secrets?: SecretValues): Promise<ResourceRef> {
      const problems = validate(spec, connection.coordinates);
      if (problems.length) throw new ProviderError("invalid", `Cloud Run cannot run this spec: ${problems.map((p) => p.message).join("; ")}`, String(problems[0].field));
      const values = requireSecretValues(spec, secrets);
      const oversized = oversizedSecret(spec, values);
      if (oversized) throw oversized;
      const c = gcpCoordinates(connection.coordinates);
      const rest = googleRest(connection, timeoutMs);
      if (usesLoadBalancer(spec, c)) {
        const refused = await withRest(connection, `read the load balancer of ${spec.name} back`, "Compute Engine", () => loadBalancerProblems(rest, spec, c));
        if (refused.length) throw new ProviderError("invalid", `The target's load balancer does not enforce what the plan says, so ${spec.name} was not deployed: ${refused.join("; ")}`, "coordinates.loadBalancer");
      }
      if (ownsAccount(spec)) await withRest(connection, `make the service account of ${spec.name}`, "IAM", () => ensureAccount(rest, spec.name, c));
      // The secrets next: the revision the service starts reads them at once.
      if (spec.secrets?.length) {
        const fail = (error: unknown, ref: SecretReference) => {
          const mapped = error instanceof ProviderError ? error : toProviderError(error, { connection, action: `store secret ${ref.name} (version ${ref.version})`, service: "Secret Manager" });
          return new ProviderError(mapped.kind, mapped.message, secretField(ref));
        };
        await withSecretManager(connection, `store the secrets of ${spec.name}`, timeoutMs, values, (client, call) => storeSecrets(client, call, spec, c, values, fail));
      }
      const { create, update } = serviceRequests(spec, connection.coordinates);
      const id = update.service!.name!;
      await withClient(connection, `deploy service ${spec.name}`, timeoutMs, async (client, call) => {
        try {
          await client.createService(create, call);
        } catch (error) {
          if (grpcCode(error) !== grpcStatus.ALREADY_EXISTS) throw error;
          await client.updateService(update, call);
        }
      });
      if (spec.policy) {
        await withClient(connection, `set who may invoke ${spec.name}`, timeoutMs, (client, call) => setInvokers(client, call, rest, spec, c));
        await withClient(connection, `grant ${spec.name} its linked callees`, timeoutMs, (client, call) => grantCallees(client, call, spec, c));
      }
      return { kind: "gcp-cloud-run", id, name: spec.name };
    },

    async status(ref: ResourceRef, connection: TargetConnection): Promise<ResourceStatus> {
      const name = serviceName(gcpCoordinates(connection.coordinates), ref.name);
      return withClient(connection, `read service ${ref.name}`, timeoutMs, async (client, call) => {
        try {
          const [service] = await client.getService({ name }, call);
          return statusOf(service);
        } catch (error) {
          if (grpcCode(error) !== grpcStatus.NOT_FOUND) throw error;
          return { phase: "absent", message: `Cloud Run has no service ${ref.name} in ${name.split("/services/")[0]}` };
        }
      });
    },

    async observe(spec: DeploymentSpec, ref: ResourceRef, connection: TargetConnection) {
      const c = gcpCoordinates(connection.coordinates);
      const name = serviceName(c, ref.name);
      const rest = googleRest(connection, timeoutMs);
      const [found, policy] = await withClient(connection, `read service ${ref.name} back`, timeoutMs, async (client, call) => {
        try {
          const [service] = await client.getService({ name }, call);
          return [service, spec.policy ? (await client.getIamPolicy({ resource: name }, call))[0] : null] as const;
        } catch (error) {
          if (grpcCode(error) !== grpcStatus.NOT_FOUND) throw error;
          return [null, null] as const;
        }
      });
      if (!found) return observeService(null, { policy: null, allowedInvokers: [] }, spec, c, protos.google.cloud.run.v2.IngressTraffic);
      const read = await withRest(connection, `read the identity and load balancer of ${ref.name} back`, "IAM and Compute Engine", async () => ({
        policy,
        allowedInvokers: spec.policy ? invokersOf(invokerPolicy(spec, c, spec.ingress === "public" ? [] : await existingCallers(rest, spec, c))) : [],
        ...(ownsAccount(spec) ? { account: await readAccount(rest, spec.name, c) } : {}),
        ...(usesLoadBalancer(spec, c) ? { loadBalancer: await loadBalancerProblems(rest, spec, c) } : {}),
      }));
      return observeService(found, read, spec, c, protos.google.cloud.run.v2.IngressTraffic);
    },

    /** The containers' lines of every revision of the service, as Cloud Logging keeps them; follows with its tail. */
    async *logs(ref, connection, query) {
      const { projectId, region } = gcpCoordinates(connection.coordinates);
      const client = loggingClient(connection);
      try {
        yield* readLogs(client, callOptions(connection, timeoutMs), { projectId, region, service: ref.name }, query, { tailSessionMs: options.tailSessionMs });
      } catch (error) {
        throw toProviderError(error, { connection, action: `read the log of service ${ref.name}`, service: "Cloud Logging" });
      } finally {
        await client.close();
      }
    },

    /** The conditions of the service and of its newest revisions, in Cloud Run's words; a service that is gone has none. */
    async events(ref, connection) {
      const name = serviceName(gcpCoordinates(connection.coordinates), ref.name);
      const service = await withClient(connection, `read the conditions of service ${ref.name}`, timeoutMs, async (client, call) => {
        try {
          return (await client.getService({ name }, call))[0];
        } catch (error) {
          if (grpcCode(error) !== grpcStatus.NOT_FOUND) throw error;
          return null;
        }
      });
      if (!service) return [];
      const revisions = await withGrpc(revisionsClient, connection, `read the revisions of service ${ref.name}`, timeoutMs, async (client, call) => (await client.listRevisions({ parent: name, pageSize: REVISIONS_READ }, { ...call, autoPaginate: false }))[0]);
      return eventsOf(service, revisions);
    },

    /**
     * Waits for the deletion to finish, so "destroyed" means gone; a service already gone is fine. Then the
     * secrets apply stored for it in this region, found by their labels, and last the account it ran as.
     */
    async destroy(ref: ResourceRef, connection: TargetConnection): Promise<void> {
      const c = gcpCoordinates(connection.coordinates);
      const name = serviceName(c, ref.name);
      await withClient(connection, `delete service ${ref.name}`, timeoutMs, async (client, call) => {
        try {
          const [operation] = await client.deleteService({ name }, call);
          await operation.promise();
        } catch (error) {
          if (grpcCode(error) !== grpcStatus.NOT_FOUND) throw error;
        }
      });
      await withSecretManager(connection, `delete the secrets of ${ref.name}`, timeoutMs, {}, (client, call) => deleteSecrets(client, call, ref.name, c));
      await withRest(connection, `delete the service account of ${ref.name}`, "IAM", () => deleteAccount(googleRest(connection, timeoutMs), ref.name, c));
    },

    // One page of one service in the target's location: a token obtained and accepted, nothing changed.
    async testConnection(connection: TargetConnection): Promise<string> {
      const { projectId, region } = gcpCoordinates(connection.coordinates);
      return withClient(connection, "list services", timeoutMs, async (client, call) => {
        const [services] = await client.listServices({ parent: `projects/${projectId}/locations/${region}`, pageSize: 1 }, { ...call, autoPaginate: false });
        return `Cloud Run answered for project "${projectId}" in ${region}: ${services.length ? "services already there" : "no services yet"}`;
      });
    },
  };
}

export const gcpCloudRunAdapter = createGcpCloudRunAdapter();
