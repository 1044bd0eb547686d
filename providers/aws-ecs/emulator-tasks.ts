// Task reads of the ECS emulator. Tasks are not stored: each rollout has desiredCount of them, running
// once the rollout is ready (or stopped then, when their secrets could not be read), with ids derived from
// the rollout so they stay stable between reads.
import { createHash } from "node:crypto";
import { running, settle, startOf } from "./emulator-rollouts";
import { findService, serviceNotFound } from "./emulator-services";
import { arn, type Cluster, type Context, type Region, type Service } from "./emulator-state";
import { findTaskDefinition } from "./emulator-task-definitions";
import { epochSeconds, type Input, invalidParameter, optString, page, stringList } from "./emulator-wire";

function tasksOf(region: Region, cluster: Cluster, service: Service, now: number) {
  settle(service, now);
  return service.rollouts.flatMap((rollout) => {
    const definition = findTaskDefinition(region, rollout.taskDefinitionArn);
    const up = running(rollout, now);
    const start = startOf(rollout, now);
    const stopped = start !== undefined && "failure" in start ? start.failure : undefined;
    return Array.from({ length: rollout.desiredCount }, (_, index) => {
      const id = createHash("sha256").update(`${rollout.id}:${index}`).digest("hex").slice(0, 32);
      const isRunning = index < up;
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
        healthStatus: isRunning ? "HEALTHY" : "UNKNOWN",
        launchType: service.launchType,
        platformVersion: service.platformVersion,
        cpu: definition?.request.cpu,
        memory: definition?.request.memory,
        createdAt: epochSeconds(rollout.updatedAt),
        ...(isRunning ? { startedAt: epochSeconds(index < rollout.runningBefore ? rollout.createdAt : rollout.readyAt) } : {}),
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
  const tasks = services.flatMap((s) => tasksOf(region, cluster, s, now)).filter((task) => (desiredStatus === "STOPPED") === (task.desiredStatus === "STOPPED"));
  const { items, nextToken } = page(tasks.map((t) => t.taskArn), input, 100, 100);
  return { taskArns: items, nextToken };
}

export function describeTasks({ store, region, now }: Context, input: Input) {
  const cluster = store.cluster(region, optString(input, "cluster"));
  const refs = stringList(input, "tasks") ?? [];
  if (refs.length === 0) throw invalidParameter("tasks can not be empty.");
  if (refs.length > 100) throw invalidParameter("tasks can have at most 100 items.");
  const all = [...cluster.services.values()].flatMap((s) => tasksOf(region, cluster, s, now));
  const tasks = [];
  const failures = [];
  for (const ref of refs) {
    const task = all.find((t) => t.taskArn === ref || t.taskArn.endsWith(`/${ref}`));
    if (task) tasks.push(task);
    else failures.push({ arn: ref, reason: "MISSING" });
  }
  return { tasks, failures };
}
