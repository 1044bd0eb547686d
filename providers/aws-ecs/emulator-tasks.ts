// Task reads of the ECS emulator. Tasks are not stored: each rollout has desiredCount of them, running
// once the rollout is ready (or stopped then, when their secrets could not be read; or stopped and replaced, when they
// fail their load balancer's health checks), with ids derived from the rollout so they stay stable between reads.
// Each has a private address in one of the service's subnets, which is how an ip target group knows it.
import { createHash } from "node:crypto";
import { parseCidr } from "./emulator-ec2-rules";
import { historyOf, livesOf, settle, type TaskLife, taskIdOf } from "./emulator-rollouts";
import { findService, serviceNotFound } from "./emulator-services";
import { arn, type Cluster, type Context, type EcsStore, type Region, type Rollout, type Service, type TaskDefinition } from "./emulator-state";
import { findTaskDefinition } from "./emulator-task-definitions";
import { epochSeconds, type Input, invalidParameter, objectList, optBool, optInt, optObject, optString, page, stringList } from "./emulator-wire";

/** A task's network interface: a subnet of the service and an address in it, both derived from the task id. */
function attachment(store: EcsStore, region: Region, service: Service, taskId: string) {
  const subnets = stringList(optObject(service.networkConfiguration ?? {}, "awsvpcConfiguration") ?? {}, "subnets") ?? [];
  const digest = createHash("sha256").update(taskId).digest();
  const subnetId = subnets[digest[0] % Math.max(subnets.length, 1)];
  const cidr = subnetId ? store.options.ec2.region(region.name).subnets[subnetId]?.cidr : undefined;
  const block = cidr ? parseCidr(cidr) : undefined;
  if (!subnetId || !block) return undefined;
  // The first four and the last address of a subnet are AWS's (Subnet CIDR blocks, VPC user guide).
  const size = 2 ** (32 - block.prefix);
  const address = block.base + 4 + (digest.readUInt32BE(1) % Math.max(size - 5, 1));
  const privateIPv4Address = [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".");
  return { subnetId, privateIPv4Address };
}

/**
 * ECS reports a task HEALTHY or UNHEALTHY only from container health checks; "if no essential container has a health
 * check, the task health status is UNKNOWN" (Task health, ECS developer guide). The emulator runs no containers: a
 * container health check is taken to pass once its start period is over.
 */
function healthOf(definition: TaskDefinition | undefined, runningSince: number | undefined, now: number): "HEALTHY" | "UNKNOWN" {
  const checked = objectList(definition?.request ?? {}, "containerDefinitions").filter((c) => (optBool(c, "essential") ?? true) && optObject(c, "healthCheck"));
  if (!checked.length || runningSince === undefined) return "UNKNOWN";
  const grace = Math.max(...checked.map((c) => optInt(optObject(c, "healthCheck")!, "startPeriod") ?? 0)) * 1000;
  return now >= runningSince + grace ? "HEALTHY" : "UNKNOWN";
}

/** A task of a service as the emulator derives it: its id, the rollout that started it, its life and definition. */
export interface DerivedTask {
  id: string;
  rollout: Rollout;
  life: TaskLife;
  definition: TaskDefinition | undefined;
}

export function derivedTasks(region: Region, service: Service, now: number): DerivedTask[] {
  settle(service, now);
  return historyOf(service).flatMap((rollout) => {
    const definition = findTaskDefinition(region, rollout.taskDefinitionArn);
    return livesOf(rollout, now).map((life) => ({ id: taskIdOf(rollout, life), rollout, life, definition }));
  });
}

export function tasksOf(store: EcsStore, region: Region, cluster: Cluster, service: Service, now: number) {
  return derivedTasks(region, service, now).map(({ id, rollout, life, definition }) => {
    const stopped = life.stoppedAt !== undefined && life.stoppedAt <= now;
    const isRunning = !stopped && life.startedAt !== undefined && life.startedAt <= now;
    const network = attachment(store, region, service, id);
    const attachments = network
      ? [{ id: `eni-attach-${id.slice(0, 17)}`, type: "ElasticNetworkInterface", status: isRunning ? "ATTACHED" : stopped ? "DELETED" : "PRECREATED", details: [{ name: "subnetId", value: network.subnetId }, { name: "privateIPv4Address", value: network.privateIPv4Address }] }]
      : [];
    const common = {
      taskArn: arn(region.name, `task/${cluster.name}/${id}`),
      clusterArn: cluster.arn,
      taskDefinitionArn: rollout.taskDefinitionArn,
      group: `service:${service.name}`,
      startedBy: rollout.id,
      launchType: service.launchType,
      platformVersion: service.platformVersion,
      cpu: definition?.request.cpu,
      memory: definition?.request.memory,
      createdAt: epochSeconds(rollout.updatedAt),
      attachments,
      ...(life.startedAt !== undefined && life.startedAt <= now ? { startedAt: epochSeconds(life.startedAt) } : {}),
    };
    if (stopped) {
      return { ...common, lastStatus: "STOPPED", desiredStatus: "STOPPED", healthStatus: "UNKNOWN", stopCode: life.stopCode, stoppedReason: life.stoppedReason, stoppedAt: epochSeconds(life.stoppedAt!) };
    }
    return { ...common, lastStatus: isRunning ? "RUNNING" : "PROVISIONING", desiredStatus: "RUNNING", healthStatus: healthOf(definition, isRunning ? life.startedAt : undefined, now) };
  });
}

export function listTasks({ store, region, now }: Context, input: Input) {
  const cluster = store.cluster(region, optString(input, "cluster"));
  const serviceName = optString(input, "serviceName");
  const desiredStatus = optString(input, "desiredStatus") ?? "RUNNING";
  if (!["RUNNING", "PENDING", "STOPPED"].includes(desiredStatus)) throw invalidParameter(`Invalid 'desiredStatus' value: ${desiredStatus}.`);
  let services = [...cluster.services.values()].filter((s) => s.status === "ACTIVE");
  if (serviceName !== undefined) {
    const service = findService(cluster, serviceName);
    if (!service) throw serviceNotFound();
    services = [service];
  }
  // Running tasks stop when ECS stops them: their secrets could not be read at start, or they failed their health checks.
  const tasks = services.flatMap((s) => tasksOf(store, region, cluster, s, now)).filter((task) => (desiredStatus === "STOPPED") === (task.desiredStatus === "STOPPED"));
  const { items, nextToken } = page(tasks.map((t) => t.taskArn), input, 100, 100);
  return { taskArns: items, nextToken };
}

export function describeTasks({ store, region, now }: Context, input: Input) {
  const cluster = store.cluster(region, optString(input, "cluster"));
  const refs = stringList(input, "tasks") ?? [];
  if (refs.length === 0) throw invalidParameter("tasks can not be empty.");
  if (refs.length > 100) throw invalidParameter("tasks can have at most 100 items.");
  const all = [...cluster.services.values()].flatMap((s) => tasksOf(store, region, cluster, s, now));
  const tasks = [];
  const failures = [];
  for (const ref of refs) {
    const task = all.find((t) => t.taskArn === ref || t.taskArn.endsWith(`/${ref}`));
    if (task) tasks.push(task);
    else failures.push({ arn: ref, reason: "MISSING" });
  }
  return { tasks, failures };
}
