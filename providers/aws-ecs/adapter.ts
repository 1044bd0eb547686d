// AWS ECS on Fargate through the official SDK: a deployment is a task definition revision run by one
// ECS service (ResourceRef.id = the service ARN). A spec's secrets live in AWS Secrets Manager, one secret
// per resource and name, and the task definition references the exact version apply stored. With a policy, apply
// first reads back what the target declares (target-checks.ts), then makes the app's security group and, behind the
// target's HTTPS listener, its target group and listener rule, which the service names; destroy removes them. Logs are
// read from CloudWatch Logs, where the task definition's awslogs driver writes them (logs.ts); events are the
// service's events and its stopped tasks' reasons (events.ts).
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { EC2ServiceException } from "@aws-sdk/client-ec2";
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  InvalidParameterException,
  ListServicesCommand,
  ListTasksCommand,
  paginateListTaskDefinitions,
  RegisterTaskDefinitionCommand,
  type Service,
  ServiceNotActiveException,
  type Task,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2ServiceException } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ProviderError } from "../errors";
import { requireSecretValues } from "../secrets";
import type { DeploymentSpec, ProviderAdapter, ResourceRef, SecretReference, SecretValues, TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { type ClientOptions, type Connected, type ConnectedNetwork, type ConnectedSecrets, connect, connectLogs, connectNetwork, connectSecrets } from "./client";
import { eventsOf } from "./events";
import { ensureLoadBalancing, removeLoadBalancing } from "./load-balancer";
import { behindListener } from "./load-balancer-plan";
import { readLogs } from "./logs";
import { mapError } from "./map-error";
import { observeService } from "./observe";
import { APPLY_TOKEN_TAG, createServiceRequest, LOG_STREAM_PREFIX, logGroupOf, type NetworkIds, taskDefinitionRequest, updateServiceRequest, validate } from "./plan";
import { deleteSecrets, oversizedSecret, storeSecrets } from "./secret-store";
import { ensureAppGroup, groupsOf, removeAppGroups } from "./security-groups";
import { failedRollout, statusOf } from "./status";
import { checkTarget } from "./target-checks";
import { awsEcsDescription } from "./adapter-description";

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

async function register(client: ECSClient, spec: DeploymentSpec, coordinates: AwsCoordinates, token: string, valueFrom: (ref: SecretReference) => string): Promise<string> {
  const { taskDefinition } = await client.send(new RegisterTaskDefinitionCommand(taskDefinitionRequest(spec, coordinates, token, valueFrom)));
  return taskDefinition!.taskDefinitionArn!;
}

/** Why the newest stopped task of a service stopped, e.g. that its secrets could not be read. */
async function stoppedReason(client: ECSClient, cluster: string, service: string): Promise<string | undefined> {
  const { taskArns } = await client.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: "STOPPED", maxResults: 10 }));
  if (!taskArns?.length) return undefined;
  const { tasks } = await client.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  return tasks?.map((task) => task.stoppedReason).find(Boolean);
}

/** The service's recently stopped tasks (ECS shows them for about an hour), at most 100. */
async function stoppedTasks(client: ECSClient, cluster: string, service: string): Promise<Task[]> {
  const { taskArns } = await client.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: "STOPPED", maxResults: 100 }));
  if (!taskArns?.length) return [];
  const { tasks } = await client.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  return tasks ?? [];
}

const refOf = (service: Service | undefined, name: string): ResourceRef => ({ kind: "aws-ecs", id: service!.serviceArn!, name });

/** The target's reads, then the app's security group and (behind the listener) target group and rule: what the service names. */
async function prepareNetwork(net: ConnectedNetwork, spec: DeploymentSpec): Promise<NetworkIds> {
  const c = net.coordinates;
  const facts = await checkTarget(net, spec, c);
  const groupId = await ensureAppGroup(net, spec, c, facts);
  const targetGroupArn = behindListener(spec, c) ? await ensureLoadBalancing(net, spec, c, facts) : undefined;
  return { groupId, targetGroupArn };
}

/** Whether ECS still has a service of this name in the cluster that holds network interfaces (running or draining). */
async function holdsInterfaces(client: ECSClient, cluster: string, service: string): Promise<boolean> {
  const { services } = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return services?.some((s) => s.status === "ACTIVE" || s.status === "DRAINING") ?? false;
}

/** How long destroy waits for a deleted service's tasks to stop before it gives up (the job layer retries). */
const DRAIN_WAIT_MS = 60_000;

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

  async function withNetwork<T>(connection: TargetConnection, work: (net: ConnectedNetwork) => Promise<T>): Promise<T> {
    const net = connectNetwork(connection, options);
    try {
      return await work(net);
    } catch (error) {
      const api = error instanceof ElasticLoadBalancingV2ServiceException ? net.errors.elb : error instanceof EC2ServiceException ? net.errors.ec2 : net.errors.cloudMap;
      throw mapError(error, api);
    } finally {
      net.destroy();
    }
  }

  async function withSecrets<T>(connection: TargetConnection, values: SecretValues, work: (connected: ConnectedSecrets) => Promise<T>): Promise<T> {
    const connected = connectSecrets(connection, options, values);
    try {
      return await work(connected);
    } catch (error) {
      throw mapError(error, connected.errors);
    } finally {
      connected.client.destroy();
    }
  }

  return {
    ...awsEcsDescription,

    async apply(spec, connection, idempotencyKey, secrets) {
      const problems = validate(spec, connection.coordinates);
      if (problems.length) throw new ProviderError("invalid", problems.map((p) => `${String(p.field)}: ${p.message}`).join("; "), String(problems[0].field));
      const values = requireSecretValues(spec, secrets);
      const oversized = oversizedSecret(spec, values);
      if (oversized) throw oversized;
      // The secrets' versions first: a task the service starts reads them at once.
      const valueFroms = spec.secrets?.length ? await withSecrets(connection, values, ({ client, errors, coordinates }) => storeSecrets(client, errors, spec, coordinates, values)) : new Map<string, string>();
      // The target's reads come before any change to the network; the service then names what they made.
      const network = spec.policy ? await withNetwork(connection, (net) => prepareNetwork(net, spec)) : undefined;
      const ref = await call(connection, async ({ client, coordinates }) => {
        const token = applyToken(idempotencyKey);
        const existing = await findService(client, coordinates.cluster, spec.name);
        // A retried apply finds the revision it registered before on the service and sends it again.
        const reuse = existing?.taskDefinition && (await registeredBy(client, existing.taskDefinition, token));
        const taskDefinition = reuse ? existing.taskDefinition! : await register(client, spec, coordinates, token, (ref) => valueFroms.get(ref.name)!);
        if (!existing) {
          try {
            const { service } = await client.send(new CreateServiceCommand(createServiceRequest(spec, coordinates, taskDefinition, token, network)));
            return refOf(service, spec.name);
          } catch (error) {
            // Created meanwhile by another apply (another key): converge that service instead.
            if (!(error instanceof InvalidParameterException && /not idempotent/i.test(error.message))) throw error;
          }
        }
        const { service } = await client.send(new UpdateServiceCommand(updateServiceRequest(spec, coordinates, taskDefinition, network)));
        return refOf(service, spec.name);
      });
      // Target groups the service no longer names (another port, or no longer behind the listener) go with their rules.
      if (network) await withNetwork(connection, (net) => removeLoadBalancing(net, spec.name, net.coordinates, network.targetGroupArn));
      return ref;
    },

    async status(ref, connection) {
      return call(connection, async ({ client, coordinates }) => {
        const answer = await client.send(new DescribeServicesCommand({ cluster: coordinates.cluster, services: [ref.id] }));
        const service = answer.services?.[0];
        const failed = service !== undefined && failedRollout(service) !== undefined;
        return statusOf(answer, failed ? await stoppedReason(client, coordinates.cluster, ref.name) : undefined);
      });
    },

    async observe(spec, ref, connection) {
      return call(connection, ({ client, coordinates }) => withNetwork(connection, (net) => observeService(client, net, spec, ref, coordinates)));
    },

    async *logs(ref, connection, query) {
      const connected = connectLogs(connection, options);
      try {
        yield* readLogs({ client: connected.client, group: logGroupOf(ref.name), streamPrefix: LOG_STREAM_PREFIX }, query);
      } catch (error) {
        throw mapError(error, connected.errors);
      } finally {
        // Also ends a Live Tail session still open when the caller stops early.
        connected.client.destroy();
      }
    },

    async events(ref, connection) {
      return call(connection, async ({ client, coordinates }) => {
        const { services } = await client.send(new DescribeServicesCommand({ cluster: coordinates.cluster, services: [ref.id] }));
        const service = services?.[0];
        if (!service || service.status === "INACTIVE") return [];
        return eventsOf(service, await stoppedTasks(client, coordinates.cluster, ref.name));
      });
    },

    async destroy(ref, connection) {
      await call(connection, async ({ client, coordinates }) => {
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
      // The listener rules and target groups go at once; the security groups once no task holds them any more.
      await withNetwork(connection, async (net) => {
        await removeLoadBalancing(net, ref.name, net.coordinates);
        if (!(await groupsOf(net.ec2, ref.name, net.coordinates)).length) return;
        await call(connection, async ({ client, coordinates }) => {
          for (const deadline = Date.now() + DRAIN_WAIT_MS; await holdsInterfaces(client, coordinates.cluster, ref.name); ) {
            if (Date.now() > deadline) throw new ProviderError("unavailable", `The ECS service ${ref.name} is still stopping its tasks; its security group is removed when it has (destroy is retried)`);
            await sleep(250);
          }
        });
        await removeAppGroups(net, ref.name, net.coordinates, (resource) => call(connection, ({ client, coordinates }) => holdsInterfaces(client, coordinates.cluster, resource)));
      });
      // Then the secrets' copies, now that no task can start and read them.
      await withSecrets(connection, {}, ({ client, coordinates }) => deleteSecrets(client, ref.name, coordinates));
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
