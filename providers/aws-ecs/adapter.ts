// AWS ECS on Fargate through the official SDK: a deployment is a task definition revision run by one
// ECS service (ResourceRef.id = the service ARN).
import { createHash } from "node:crypto";
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  InvalidParameterException,
  ListServicesCommand,
  paginateListTaskDefinitions,
  RegisterTaskDefinitionCommand,
  type Service,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { ProviderError } from "../errors";
import type { AwsCoordinates, DeploymentSpec, ProviderAdapter, ResourceRef, TargetConnection } from "../types";
import { type ClientOptions, type Connected, connect } from "./client";
import { FARGATE_MAX_MEMORY_MIB } from "./fargate";
import { mapError } from "./map-error";
import { APPLY_TOKEN_TAG, createServiceRequest, plan, taskDefinitionRequest, updateServiceRequest, validate } from "./plan";
import { policyCapabilities } from "./policy";
import { statusOf } from "./status";

/** CreateService's clientToken (≤ 36 characters) and the task definition tag, from any idempotency key. */
export const applyToken = (idempotencyKey: string) => createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32);

async function findService(client: ECSClient, cluster: string, service: string): Promise<Service | undefined> {
  const { services } = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return services?.find((s) => s.status === "ACTIVE");
}

/** Whether the apply with this token registered that task definition (then a retry reuses it). */
async function registeredBy(client: ECSClient, taskDefinition: string, token: string): Promise<boolean> {
  const { tags } = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ["TAGS"] }));
  return tags?.some((tag) => tag.key === APPLY_TOKEN_TAG && tag.value === token) ?? false;
}

async function register(client: ECSClient, spec: DeploymentSpec, coordinates: AwsCoordinates, token: string): Promise<string> {
  const { taskDefinition } = await client.send(new RegisterTaskDefinitionCommand(taskDefinitionRequest(spec, coordinates, token)));
  return taskDefinition!.taskDefinitionArn!;
}

const refOf = (service: Service | undefined, name: string): ResourceRef => ({ kind: "aws-ecs", id: service!.serviceArn!, name });

export function createAwsEcsAdapter(options: ClientOptions = { requestTimeoutMs: 30_000 }): ProviderAdapter {
  async function call<T>(connection: TargetConnection, work: (connected: Connected) => Promise<T>): Promise<T> {
    const connected = connect(connection, options);
    try {
      return await work(connected);
    } catch (error) {
      throw mapError(error, connected.errors);
    } finally {
      // Closes the client's sockets: nothing lingers between calls or keeps a process alive.
      connected.client.destroy();
    }
  }

  return {
    kind: "aws-ecs",
    displayName: "AWS ECS on Fargate",
    // TLS ingress needs a load balancer listener the target would provide; ECS never scales to zero.
    capabilities: { managedTls: false, privateIngress: true, scaleToZero: false, maxCpu: 16, maxMemoryMiB: FARGATE_MAX_MEMORY_MIB, policy: policyCapabilities },
    validate,
    plan,

    async apply(spec, connection, idempotencyKey) {
      const problems = validate(spec, connection.coordinates);
      if (problems.length) throw new ProviderError("invalid", problems.map((p) => `${String(p.field)}: ${p.message}`).join("; "), String(problems[0].field));
      return call(connection, async ({ client, coordinates }) => {
        const token = applyToken(idempotencyKey);
        const existing = await findService(client, coordinates.cluster, spec.name);
        // A retried apply finds the revision it registered before on the service and sends it again.
        const reuse = existing?.taskDefinition && (await registeredBy(client, existing.taskDefinition, token));
        const taskDefinition = reuse ? existing.taskDefinition! : await register(client, spec, coordinates, token);
        if (!existing) {
          try {
            const { service } = await client.send(new CreateServiceCommand(createServiceRequest(spec, coordinates, taskDefinition, token)));
            return refOf(service, spec.name);
          } catch (error) {
            // Created meanwhile by another apply (another key): converge that service instead.
            if (!(error instanceof InvalidParameterException && /not idempotent/i.test(error.message))) throw error;
          }
        }
        const { service } = await client.send(new UpdateServiceCommand(updateServiceRequest(spec, coordinates, taskDefinition)));
        return refOf(service, spec.name);
      });
    },

    async status(ref, connection) {
      return call(connection, async ({ client, coordinates }) => statusOf(await client.send(new DescribeServicesCommand({ cluster: coordinates.cluster, services: [ref.id] }))));
    },

    async destroy(ref, connection) {
      return call(connection, async ({ client, coordinates }) => {
        // force deletes a service that still runs tasks, so no scale-down to 0 is needed first.
        try {
          await client.send(new DeleteServiceCommand({ cluster: coordinates.cluster, service: ref.id, force: true }));
        } catch (error) {
          if (!(error instanceof ServiceNotFoundException || error instanceof ServiceNotActiveException)) throw error;
        }
        // The family's revisions are the service's history; deregistered, nothing can start them again.
        for await (const page of paginateListTaskDefinitions({ client }, { familyPrefix: ref.name, status: "ACTIVE" })) {
          for (const arn of page.taskDefinitionArns ?? []) {
            // familyPrefix also matches longer families ("app" → "app-2"): keep only this one.
            if (arn.slice(arn.lastIndexOf("/") + 1, arn.lastIndexOf(":")) === ref.name) await client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
          }
        }
      });
    },

    // ListServices on the target's cluster: signed (or the role assumed first), cluster checked, nothing changed.
    async testConnection(connection) {
      return call(connection, async ({ client, coordinates }) => {
        const { serviceArns = [], nextToken } = await client.send(new ListServicesCommand({ cluster: coordinates.cluster, maxResults: 1 }));
        const found = serviceArns.length ? `${nextToken ? "services" : "1 service"} already there` : "no services yet";
        return `AWS ECS answered for cluster "${coordinates.cluster}" in ${coordinates.region}: ${found}`;
      });
    },
  };
}

export const awsEcsAdapter: ProviderAdapter = createAwsEcsAdapter();
