// Google Cloud Run through the official client (@google-cloud/run ServicesClient, default gRPC
// transport). apply creates or replaces the service; status reads it back; destroy deletes it.
import { protos, type ServicesClient } from "@google-cloud/run";
import { status as grpcStatus } from "@grpc/grpc-js";
import type { CallOptions } from "google-gax";
import { ProviderError } from "../errors";
import type { DeploymentSpec, ProviderAdapter, ResourceRef, ResourceStatus, TargetConnection } from "../types";
import { callOptions, DEFAULT_CALL_TIMEOUT_MS, servicesClient } from "./client";
import { grpcCode, toProviderError } from "./map-error";
import { MAX_CPU, MAX_MEMORY_MIB } from "./limits";
import { gcpCoordinates, plan, serviceName, serviceRequests, validate } from "./plan";
import { invokerPolicy, policyCapabilities } from "./policy";

const { State } = protos.google.cloud.run.v2.Condition;
type Service = protos.google.cloud.run.v2.IService;

export interface CloudRunAdapterOptions {
  /** Deadline of each attempt of each call; a call slower than this fails (and is retried). */
  callTimeoutMs?: number;
}

/** Runs one piece of work with a fresh client, closes it, and turns client errors into ProviderErrors. */
async function withClient<T>(connection: TargetConnection, action: string, timeoutMs: number, work: (client: ServicesClient, options: CallOptions) => Promise<T>): Promise<T> {
  const client = servicesClient(connection);
  try {
    return await work(client, callOptions(connection, timeoutMs));
  } catch (error) {
    throw toProviderError(error, { connection, action });
  } finally {
    await client.close();
  }
}

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
  // The Admin API has no live instance count; Cloud Run keeps at least minInstanceCount warm, which
  // is the number it vouches for.
  const warm = service.template?.scaling?.minInstanceCount ?? 0;
  return { phase: "running", message: `${shortRevision(service.latestReadyRevision)} is serving; at least ${warm} instance(s) kept warm`, url, runningInstances: warm };
}

export function createGcpCloudRunAdapter(options: CloudRunAdapterOptions = {}): ProviderAdapter {
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;

  return {
    kind: "gcp-cloud-run",
    displayName: "Google Cloud Run",
    capabilities: { managedTls: true, privateIngress: true, scaleToZero: true, maxCpu: MAX_CPU, maxMemoryMiB: MAX_MEMORY_MIB, policy: policyCapabilities },
    validate,
    plan,

    /**
     * Cloud Run's CreateService has no request id: the service id is the idempotency key. A retried or
     * repeated apply (same idempotencyKey or not) meets ALREADY_EXISTS and sends UpdateService with the
     * same full body, which leaves one service in the state the spec asks for; then it sets the service's
     * invoker policy (SetIamPolicy replaces it whole, so a repeat is harmless). apply returns once Cloud Run
     * accepted the change; status follows the rollout.
     */
    async apply(spec: DeploymentSpec, connection: TargetConnection): Promise<ResourceRef> {
      const problems = validate(spec, connection.coordinates);
      if (problems.length) throw new ProviderError("invalid", `Cloud Run cannot run this spec: ${problems.map((p) => p.message).join("; ")}`, String(problems[0].field));
      const { create, update } = serviceRequests(spec, connection.coordinates);
      const id = update.service!.name!;
      await withClient(connection, `deploy service ${spec.name}`, timeoutMs, async (client, call) => {
        try {
          await client.createService(create, call);
        } catch (error) {
          if (grpcCode(error) !== grpcStatus.ALREADY_EXISTS) throw error;
          await client.updateService(update, call);
        }
        // Who may invoke the service, replaced whole: the public, or exactly the linked callers' accounts.
        // A policy that lost a link drops its caller here, so revoking a link closes the route.
        if (spec.policy) await client.setIamPolicy({ resource: id, policy: invokerPolicy(spec, gcpCoordinates(connection.coordinates)) }, call);
      });
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

    /** Waits for the deletion to finish, so "destroyed" means gone; a service already gone is fine. */
    async destroy(ref: ResourceRef, connection: TargetConnection): Promise<void> {
      const name = serviceName(gcpCoordinates(connection.coordinates), ref.name);
      await withClient(connection, `delete service ${ref.name}`, timeoutMs, async (client, call) => {
        try {
          const [operation] = await client.deleteService({ name }, call);
          await operation.promise();
        } catch (error) {
          if (grpcCode(error) !== grpcStatus.NOT_FOUND) throw error;
        }
      });
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
