// Where the awslogs log driver puts a task's output, and what is in it. A container whose definition sets
// logConfiguration awslogs writes to the log group `awslogs-group`, in the stream `<awslogs-stream-prefix>/<container
// name>/<task id>` ("Using the awslogs log driver", ECS developer guide); the group exists once a task that names it
// has started (the plan asks awslogs-create-group). Nothing is stored: the lines are those the simulated container
// (../emulated-container.ts) printed while the task ran, so any range is computed from the clock.
import { DEFAULT_PROBE_PERIOD_MS, type SimulatedContainer } from "../emulated-container";
import { checkingGroup, probePeriodOf } from "./emulator-elb-health";
import { historyOf, startOf } from "./emulator-rollouts";
import type { EcsStore, Region, Service } from "./emulator-state";
import { findTaskDefinition } from "./emulator-task-definitions";
import { derivedTasks } from "./emulator-tasks";
import { type Input, objectList, optInt, optObject, optString } from "./emulator-wire";

export interface LogStream {
  group: string;
  name: string;
  container: SimulatedContainer;
}

/** A container's awslogs group and stream prefix, when it logs through the driver with one. */
function awslogsOf(container: Input): { group: string; prefix: string } | undefined {
  const config = optObject(container, "logConfiguration");
  if (!config || optString(config, "logDriver") !== "awslogs") return undefined;
  const options = optObject(config, "options") ?? {};
  const group = optString(options, "awslogs-group");
  // Without a prefix the stream is named after Docker's container id, which the emulator has none of (Fargate
  // requires the prefix).
  const prefix = optString(options, "awslogs-stream-prefix");
  return group && prefix ? { group, prefix } : undefined;
}

/** The environment a container sees: the app container's as ECS resolved it at start; another's plain variables. */
function environmentOf(container: Input, index: number, started: Record<string, string>): Record<string, string> {
  if (index === 0) return started;
  const plain = objectList(container, "environment").map((variable) => [optString(variable, "name")!, optString(variable, "value") ?? ""] as const);
  // A sidecar's secrets: only their names are ever printed.
  const secret = objectList(container, "secrets").map((variable) => [optString(variable, "name")!, ""] as const);
  return Object.fromEntries([...plain, ...secret]);
}

/** Whether any task definition the service ran logs to this group: a cheap test before its tasks are derived. */
function logsTo(region: Region, service: Service, group: string): boolean {
  return historyOf(service).some((rollout) => {
    const definition = findTaskDefinition(region, rollout.taskDefinitionArn);
    return objectList(definition?.request ?? {}, "containerDefinitions").some((container) => awslogsOf(container)?.group === group);
  });
}

/** Every stream of the Region's tasks that have started, by group; only those of the group `only`, when given. */
export function logStreams(store: EcsStore, region: Region, now: number, probePeriodMs: number | undefined, only?: string): Map<string, LogStream[]> {
  const groups = new Map<string, LogStream[]>();
  for (const { service } of store.servicesOf(region)) {
    if (only !== undefined && !logsTo(region, service, only)) continue;
    const checked = checkingGroup(store.options.elb, region.name, service.loadBalancers);
    for (const { id, rollout, life, definition } of derivedTasks(region, service, now)) {
      const start = startOf(rollout, now);
      if (!definition || life.startedAt === undefined || life.startedAt > now || !start || "failure" in start) continue;
      objectList(definition.request, "containerDefinitions").forEach((container, index) => {
        const awslogs = awslogsOf(container);
        if (!awslogs || (only !== undefined && awslogs.group !== only)) return;
        const name = optString(container, "name")!;
        const port = optInt(objectList(container, "portMappings")[0] ?? {}, "containerPort") ?? 0;
        const probed = checked && service.loadBalancers.some((balancer) => optString(balancer, "containerName") === name);
        const simulated: SimulatedContainer = {
          instance: id,
          image: optString(container, "image") ?? "",
          port,
          healthCheckPath: probed ? checked.group.healthCheck.path : "/",
          environment: environmentOf(container, index, start.environment),
          startedAt: life.startedAt!,
          ...(life.stoppedAt !== undefined && life.stoppedAt <= now ? { stoppedAt: life.stoppedAt } : {}),
          probePeriodMs: probed ? probePeriodOf({ probePeriodMs }, checked.group) : (probePeriodMs ?? DEFAULT_PROBE_PERIOD_MS),
        };
        const stream = { group: awslogs.group, name: `${awslogs.prefix}/${name}/${id}`, container: simulated };
        groups.set(awslogs.group, [...(groups.get(awslogs.group) ?? []), stream]);
      });
    }
  }
  return groups;
}
