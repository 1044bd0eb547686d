// Service operations of the ECS emulator: create (idempotent by clientToken), update (a new rollout or
// a scale change), describe, delete (DRAINING, then INACTIVE), list; with the checks ECS makes on each, including
// those on the subnets, security groups, target groups and namespace a service names (emulator-service-checks.ts).
import { CLIENT_TOKEN_MAX_LENGTH, NAME, TASKS_PER_SERVICE_MAX } from "./emulator-limits";
import { elbVerdict, rollsBack, type ServiceHealthSettings } from "./emulator-elb-health";
import { drain, failedAt, livesOf, newRollout, retire, running, settle, unhealthyOf } from "./emulator-rollouts";
import { checkGracePeriod, checkLoadBalancers, checkNetwork, checkServiceConnect } from "./emulator-service-checks";
import { ACCOUNT_ID, arn, type Cluster, type Context, type EcsStore, type Region, type Service, type TaskDefinition } from "./emulator-state";
import { serviceEvents } from "./emulator-service-events";
import { findTaskDefinition } from "./emulator-task-definitions";
import { launcherFor } from "./emulator-task-start";
import { EcsApiError, epochSeconds, type Input, invalidParameter, optBool, optInt, optObject, optString, page, readTags, reqString, stringList } from "./emulator-wire";

export const serviceNotFound = () => new EcsApiError("ServiceNotFoundException", "Service not found.");
const serviceNotActive = () => new EcsApiError("ServiceNotActiveException", "Service was not ACTIVE.");

/**
 * With the deployment circuit breaker on, a rollout whose tasks fail to start, or keep failing their health checks, is
 * FAILED ("How the Amazon ECS deployment circuit breaker detects failures"); without it ECS keeps trying, and the
 * rollout stays IN_PROGRESS. With rollback, the rollout before it keeps (or takes back) the service's tasks.
 */
const breakerOf = (service: Service) => ({ enabled: optBool(optObject(service.deploymentConfiguration ?? {}, "deploymentCircuitBreaker") ?? {}, "enable") === true, rollback: rollsBack(service.deploymentConfiguration) });
const FAILED_REASON = "ECS deployment circuit breaker: tasks failed to start.";

function serviceView(service: Service, now: number, withTags: boolean) {
  settle(service, now);
  drain(service, now);
  const breaker = breakerOf(service);
  const deployments = service.rollouts.map((rollout, index) => {
    const runningCount = running(rollout, now);
    const failedTime = failedAt(rollout, now);
    const failed = failedTime !== undefined;
    const completed = !failed && !unhealthyOf(rollout, now) && (index > 0 || now >= rollout.completesAt);
    const state = failed && breaker.enabled ? "FAILED" : completed ? "COMPLETED" : "IN_PROGRESS";
    const stopped = livesOf(rollout, now).filter((life) => life.stoppedAt !== undefined).length;
    return {
      id: rollout.id,
      status: index === 0 ? "PRIMARY" : "ACTIVE",
      taskDefinition: rollout.taskDefinitionArn,
      desiredCount: rollout.desiredCount,
      runningCount,
      pendingCount: failed ? 0 : rollout.desiredCount - runningCount,
      failedTasks: stopped,
      createdAt: epochSeconds(rollout.createdAt),
      updatedAt: epochSeconds(state === "FAILED" ? failedTime! : rollout.updatedAt),
      launchType: service.launchType,
      platformVersion: service.platformVersion,
      networkConfiguration: service.networkConfiguration,
      ...(rollout.serviceConnectConfiguration ? { serviceConnectConfiguration: rollout.serviceConnectConfiguration } : {}),
      rolloutState: state,
      rolloutStateReason: state === "FAILED" ? FAILED_REASON : `ECS deployment ${rollout.id} ${completed ? "completed" : "in progress"}.`,
    };
  });
  const events = serviceEvents(service, breaker, now).map((event) => ({ ...event, createdAt: epochSeconds(event.createdAt) }));
  const primary = service.rollouts[0];
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    status: service.status,
    desiredCount: primary.desiredCount,
    runningCount: deployments.reduce((sum, d) => sum + d.runningCount, 0),
    pendingCount: deployments.reduce((sum, d) => sum + d.pendingCount, 0),
    launchType: service.launchType,
    platformVersion: service.platformVersion,
    platformFamily: "Linux",
    taskDefinition: primary.taskDefinitionArn,
    deploymentConfiguration: service.deploymentConfiguration,
    networkConfiguration: service.networkConfiguration,
    loadBalancers: service.loadBalancers,
    ...(service.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds } : {}),
    deployments,
    events,
    createdAt: epochSeconds(service.createdAt),
    createdBy: `arn:aws:iam::${ACCOUNT_ID}:root`,
    schedulingStrategy: service.schedulingStrategy,
    propagateTags: service.propagateTags,
    enableECSManagedTags: service.enableECSManagedTags,
    ...(withTags ? { tags: service.tags } : {}),
  };
}

/** What the service's load balancer will make of a rollout's tasks, with these settings of the service. */
export const verdictOf = (store: EcsStore, region: Region, settings: Omit<ServiceHealthSettings, "region">) =>
  elbVerdict({ elb: store.options.elb, provisionDelayMs: store.options.provisionDelayMs, probePeriodMs: store.options.probePeriodMs }, { ...settings, region: region.name });

/** By name or ARN (new "service/cluster/name" or old "service/name" form) within this cluster. */
export function findService(cluster: Cluster, ref: string): Service | undefined {
  if (!ref.startsWith("arn:")) return cluster.services.get(ref);
  const marker = ref.indexOf(":service/");
  if (marker < 0) return undefined;
  const parts = ref.slice(marker + ":service/".length).split("/");
  if (parts.length === 2 && parts[0] !== cluster.name) return undefined;
  return cluster.services.get(parts.at(-1)!);
}

function resolveTaskDefinition(region: Region, ref: string, launchType: string): TaskDefinition {
  const definition = findTaskDefinition(region, ref);
  if (!definition) throw invalidParameter("TaskDefinition not found.");
  if (definition.status !== "ACTIVE") throw invalidParameter("TaskDefinition is inactive.");
  if (launchType === "FARGATE" && !definition.compatibilities.includes("FARGATE")) throw invalidParameter("Task definition does not support launch_type FARGATE.");
  return definition;
}

function checkDesiredCount(count: number | undefined) {
  if (count !== undefined && (count < 0 || count > TASKS_PER_SERVICE_MAX)) throw invalidParameter(`desiredCount must be between 0 and ${TASKS_PER_SERVICE_MAX}.`);
}

function checkPlatformVersion(version: string | undefined, launchType: string) {
  if (version !== undefined && launchType === "FARGATE" && version !== "LATEST" && !/^1\.[34]\.0$/.test(version)) throw invalidParameter(`Platform version ${version} does not exist.`);
}

function checkPropagateTags(value: string | undefined) {
  if (value !== undefined && !["NONE", "SERVICE", "TASK_DEFINITION"].includes(value)) throw invalidParameter(`Invalid 'propagateTags' value: ${value}.`);
}

export function createService({ store, region, now }: Context, input: Input) {
  const cluster = store.cluster(region, optString(input, "cluster"));
  const name = reqString(input, "serviceName", invalidParameter);
  if (!NAME.test(name)) throw invalidParameter(`Invalid 'serviceName' '${name}': up to 255 letters (uppercase and lowercase), numbers, hyphens and underscores are allowed.`);
  const clientToken = optString(input, "clientToken");
  if (clientToken !== undefined && !new RegExp(`^[\\x21-\\x7e]{1,${CLIENT_TOKEN_MAX_LENGTH}}$`).test(clientToken)) {
    throw invalidParameter(`'clientToken' must be 1-${CLIENT_TOKEN_MAX_LENGTH} ASCII characters.`);
  }
  const launchType = optString(input, "launchType") ?? "EC2";
  if (!["EC2", "FARGATE", "EXTERNAL"].includes(launchType)) throw invalidParameter(`Invalid 'launchType' value: ${launchType}.`);
  const strategy = optString(input, "schedulingStrategy") ?? "REPLICA";
  if (strategy !== "REPLICA" && strategy !== "DAEMON") throw invalidParameter(`Invalid 'schedulingStrategy' value: ${strategy}.`);
  if (strategy === "DAEMON" && launchType === "FARGATE") throw invalidParameter("The daemon scheduling strategy is not supported with the FARGATE launch type.");
  const desiredCount = optInt(input, "desiredCount");
  if (strategy === "REPLICA" && desiredCount === undefined) throw invalidParameter("'desiredCount' is required when schedulingStrategy is REPLICA.");
  checkDesiredCount(desiredCount);
  const definition = resolveTaskDefinition(region, reqString(input, "taskDefinition", invalidParameter), launchType);
  const context = { store, region, now };
  const networkConfiguration = checkNetwork(context, input, definition);
  const loadBalancers = checkLoadBalancers(context, input, definition);
  const healthCheckGracePeriodSeconds = checkGracePeriod(input, loadBalancers);
  const serviceConnectConfiguration = checkServiceConnect(context, input, definition);
  const platformVersion = optString(input, "platformVersion");
  checkPlatformVersion(platformVersion, launchType);
  const propagateTags = optString(input, "propagateTags");
  checkPropagateTags(propagateTags);
  const tags = readTags(input);

  // Services are unique by name per cluster; the clientToken makes a repeated create harmless. "If you attempt to
  // create a new service with the same name as an existing service in either ACTIVE or DRAINING status, you receive
  // an error" (DeleteService API reference): "Unable to Start a service that is still Draining." (as quoted in
  // spinnaker/spinnaker#5476).
  const existing = cluster.services.get(name);
  if (existing) drain(existing, now);
  if (existing?.status === "ACTIVE") {
    if (clientToken !== undefined && existing.clientToken === clientToken) return { service: serviceView(existing, now, true) };
    throw invalidParameter("Creation of service was not idempotent.");
  }
  if (existing?.status === "DRAINING") throw invalidParameter("Unable to Start a service that is still Draining.");
  const service: Service = {
    arn: arn(region.name, `service/${cluster.name}/${name}`),
    name,
    clusterArn: cluster.arn,
    status: "ACTIVE",
    clientToken,
    createdAt: now,
    launchType,
    platformVersion: platformVersion ?? (launchType === "FARGATE" ? "LATEST" : ""),
    schedulingStrategy: strategy,
    networkConfiguration,
    deploymentConfiguration: optObject(input, "deploymentConfiguration"),
    propagateTags,
    enableECSManagedTags: optBool(input, "enableECSManagedTags") ?? false,
    loadBalancers,
    healthCheckGracePeriodSeconds,
    serviceConnectConfiguration,
    tags,
    rollouts: [{ ...newRollout(definition.arn, desiredCount ?? 0, now, store.options.provisionDelayMs, launcherFor(definition, store.options.secrets, verdictOf(store, region, { loadBalancers, healthCheckGracePeriodSeconds, deploymentConfiguration: optObject(input, "deploymentConfiguration"), desiredCount: desiredCount ?? 0 }))), serviceConnectConfiguration }],
  };
  cluster.services.set(name, service);
  return { service: serviceView(service, now, true) };
}

function activeService({ store, region, now }: Context, input: Input): { cluster: Cluster; service: Service } {
  const cluster = store.cluster(region, optString(input, "cluster"));
  const service = findService(cluster, reqString(input, "service", invalidParameter));
  if (!service) throw serviceNotFound();
  drain(service, now);
  if (service.status !== "ACTIVE") throw serviceNotActive();
  return { cluster, service };
}

export function updateService(context: Context, input: Input) {
  const { store, region, now } = context;
  const { service } = activeService(context, input);
  settle(service, now);
  const primary = service.rollouts[0];
  const taskDefinitionRef = optString(input, "taskDefinition");
  const definition = taskDefinitionRef ? resolveTaskDefinition(region, taskDefinitionRef, service.launchType) : findTaskDefinition(region, primary.taskDefinitionArn)!;
  const desiredCount = optInt(input, "desiredCount");
  checkDesiredCount(desiredCount);
  const network = input.networkConfiguration === undefined ? undefined : checkNetwork(context, input, definition);
  // Given (even empty), loadBalancers replaces the service's: "When you add, update, or remove a load balancer
  // configuration, Amazon ECS starts a new deployment" (API_LoadBalancer.html).
  const loadBalancers = input.loadBalancers === undefined ? service.loadBalancers : checkLoadBalancers(context, input, definition);
  const grace = input.healthCheckGracePeriodSeconds === undefined ? (loadBalancers.length ? service.healthCheckGracePeriodSeconds : undefined) : checkGracePeriod(input, loadBalancers);
  const serviceConnect = input.serviceConnectConfiguration === undefined ? service.serviceConnectConfiguration : checkServiceConnect(context, input, definition);
  const platformVersion = optString(input, "platformVersion");
  checkPlatformVersion(platformVersion, service.launchType);
  const propagateTags = optString(input, "propagateTags");
  checkPropagateTags(propagateTags);

  // As in ECS: a new task definition, network, load balancers, Service Connect or platform (or a forced redeploy)
  // starts a new rollout; a changed desiredCount alone scales the current one.
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const changesTasks =
    (optBool(input, "forceNewDeployment") ?? false) ||
    definition.arn !== primary.taskDefinitionArn ||
    (network !== undefined && differs(network, service.networkConfiguration)) ||
    differs(loadBalancers, service.loadBalancers) ||
    differs(serviceConnect, service.serviceConnectConfiguration) ||
    (platformVersion !== undefined && platformVersion !== service.platformVersion);
  const count = desiredCount ?? primary.desiredCount;
  if (changesTasks) {
    const verdict = verdictOf(store, region, { loadBalancers, healthCheckGracePeriodSeconds: grace, deploymentConfiguration: optObject(input, "deploymentConfiguration") ?? service.deploymentConfiguration, desiredCount: count });
    service.rollouts.unshift({ ...newRollout(definition.arn, count, now, store.options.provisionDelayMs, launcherFor(definition, store.options.secrets, verdict)), serviceConnectConfiguration: serviceConnect });
  } else if (count !== primary.desiredCount) {
    Object.assign(primary, { runningBefore: running(primary, now), desiredCount: count, readyAt: now + store.options.provisionDelayMs, updatedAt: now });
  }
  Object.assign(service, {
    networkConfiguration: network ?? service.networkConfiguration,
    loadBalancers,
    healthCheckGracePeriodSeconds: grace,
    serviceConnectConfiguration: serviceConnect,
    deploymentConfiguration: optObject(input, "deploymentConfiguration") ?? service.deploymentConfiguration,
    platformVersion: platformVersion ?? service.platformVersion,
    propagateTags: propagateTags ?? service.propagateTags,
    enableECSManagedTags: optBool(input, "enableECSManagedTags") ?? service.enableECSManagedTags,
  });
  return { service: serviceView(service, now, false) };
}

export function describeServices({ store, region, now }: Context, input: Input) {
  const cluster = store.cluster(region, optString(input, "cluster"));
  const refs = stringList(input, "services") ?? [];
  if (refs.length === 0) throw invalidParameter("services can not be empty.");
  if (refs.length > 10) throw invalidParameter("services can have at most 10 items.");
  const withTags = stringList(input, "include")?.includes("TAGS") ?? false;
  const services = [];
  const failures = [];
  for (const ref of refs) {
    const service = findService(cluster, ref);
    if (service) services.push(serviceView(service, now, withTags));
    else failures.push({ arn: ref.startsWith("arn:") ? ref : arn(region.name, `service/${cluster.name}/${ref}`), reason: "MISSING" });
  }
  return { services, failures };
}

/**
 * With `force`, ECS deletes a service that still runs tasks. It is DRAINING while they stop (as long as they took to
 * start, here), during which its name cannot be used again and its network interfaces still hold their subnets and
 * security groups; then INACTIVE.
 */
export function deleteService(context: Context, input: Input) {
  const { store, now } = context;
  const { service } = activeService(context, input);
  settle(service, now);
  const primary = service.rollouts[0];
  if (!(optBool(input, "force") ?? false) && primary.desiredCount > 0) throw invalidParameter("The service cannot be stopped while it is scaled above 0.");
  const stillRunning = service.rollouts.some((rollout) => running(rollout, now) > 0 || rollout.desiredCount > 0);
  // Their tasks stop now; what they did stays readable (stopped tasks, logs) for a while, as in ECS.
  retire(service, service.rollouts, now, primary.id, now);
  service.rollouts = [{ ...primary, desiredCount: 0, runningBefore: 0, readyAt: now, updatedAt: now }];
  if (stillRunning) Object.assign(service, { status: "DRAINING", drainedAt: now + store.options.provisionDelayMs });
  else service.status = "INACTIVE";
  return { service: serviceView(service, now, false) };
}

export function listServices({ store, region }: Context, input: Input) {
  const cluster = store.cluster(region, optString(input, "cluster"));
  const launchType = optString(input, "launchType");
  const strategy = optString(input, "schedulingStrategy");
  const arns = [...cluster.services.values()]
    .filter((s) => s.status === "ACTIVE" && (!launchType || s.launchType === launchType) && (!strategy || s.schedulingStrategy === strategy))
    .map((s) => s.arn);
  const { items, nextToken } = page(arns, input, 10, 100);
  return { serviceArns: items, nextToken };
}

/** Whether a service still holds network interfaces (its tasks run or are stopping): then its subnets and groups are in use. */
export function holdsInterfaces(service: Service, now: number): boolean {
  drain(service, now);
  return service.status !== "INACTIVE";
}
