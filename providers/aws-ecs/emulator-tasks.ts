// Task reads of the ECS emulator. Tasks are not stored: each rollout has desiredCount of them, running
// once the rollout is ready (or stopped then, when their secrets could not be read), with ids derived from
// the rollout so they stay stable between reads. Each has a private address in one of the service's subnets,
// which is how an ip target group knows it.
import { createHash } from "node:crypto";
import { parseCidr } from "./emulator-ec2-rules";
import { running, settle, startOf } from "./emulator-rollouts";
import { findService, serviceNotFound } from "./emulator-services";
import { arn, type Cluster, type Context, type EcsStore, type Region, type Service, type TaskDefinition } from "./emulator-state";
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

export function tasksOf(store: EcsStore, region: Region, cluster: Cluster, service: Service, now: number) {
  settle(service, now);
  return service.rollouts.flatMap((rollout) => {
    const definition = findTaskDefinition(region, rollout.taskDefinitionArn);
    const up = running(rollout, now);
    const start = startOf(rollout, now);
    const stopped = start !== undefined && "failure" in start ? start.failure : undefined;
    return Array.from({ length: rollout.desiredCount }, (_, index) => {
      const id = createHash("sha256").update(`${rollout.id}:${index}`).digest("hex").slice(0, 32);
      const isRunning = index < up;
      const network = attachment(store, region, service, id);
      const attachments = network
        ? [{ id: `eni-attach-${id.slice(0, 17)}`, type: "ElasticNetworkInterface", status: isRunning ? "ATTACHED" : "PRECREATED", details: [{ name: "subnetId", value: network.subnetId }, { name: "privateIPv4Address", value: network.privateIPv4Address }] }]
        : [];
      const startedAt = isRunning ? (index < rollout.runningBefore ? rollout.createdAt : rollout.readyAt) : undefined;
      if (stopped !== undefined) {
        // Stopped before any container ran ("Amazon ECS stopped task error messages").
        return {
          taskArn: arn(region.name, `task/${cluster.name}/${id}`),
          clusterArn: cluster.arn,
          taskDefinitionArn: rollout.taskDefinitionArn,
          group: `service:${service.name}`,
          startedBy: rollout.id,
          lastStatus: "STOPPED",
          desiredStatus: "STOPPED",
          healthStatus: "UNKNOWN",
          launchType: service.launchType,
          platformVersion: service.platformVersion,
          cpu: definition?.request.cpu,
          memory: definition?.request.memory,
          createdAt: epochSeconds(rollout.updatedAt),
          stopCode: "TaskFailedToStart",
          attachments,
          stoppedReason: stopped,
          stoppedAt: epochSeconds(rollout.readyAt),
        };
      }
      return {
        taskArn: arn(region.name, `task/${cluster.name}/${id}`),
        clusterArn: cluster.arn,
        taskDefinitionArn: rollout.taskDefinitionArn,
        group: `service:${service.name}`,
        startedBy: rollout.id,
        lastStatus: isRunning ? "RUNNING" : "PROVISIONING",
        desiredStatus: "RUNNING",
        healthStatus: healthOf(definition, startedAt, now),
        attachments,
        launchType: service.launchType,
        platformVersion: service.platformVersion,
        cpu: definition?.request.cpu,
        memory: definition?.request.memory,
        createdAt: epochSeconds(rollout.updatedAt),
        ...(startedAt !== undefined ? { startedAt: epochSeconds(startedAt) } : {}),
      };
    });
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
  // Running tasks never stop on their own; the stopped ones are those whose secrets could not be read at start.
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
