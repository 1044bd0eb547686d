// Pure: a normalized spec → the ECS requests that run it on Fargate, and the ECS rules a spec must
// meet first. No I/O, so the deployment preview and the unit tests use it as is.
import type { CreateServiceCommandInput, RegisterTaskDefinitionCommandInput, Tag, UpdateServiceCommandInput } from "@aws-sdk/client-ecs";
import type { DeploymentSpec, PlannedRequest, ProviderPlan, SecretReference, SpecProblem, TargetCoordinates } from "../types";
import type { AwsCoordinates } from "./target-schema";
import {
  ECS_CLUSTER,
  ECS_NAME,
  fargateMemoryChoices,
  isFargateCpu,
  isFargatePair,
  MAX_IMAGE_LENGTH,
  MAX_SECURITY_GROUPS,
  MAX_SUBNETS,
  MAX_TAGS,
  MAX_TASK_DEFINITION_BYTES,
  MAX_TASKS_PER_SERVICE,
  tagProblem,
} from "./fargate";
import { checksOf, usesServiceConnect } from "./checks-plan";
import { behindListener, firstPriorityOf, HEALTH_CHECK_GRACE_SECONDS, healthCheckWarning, ruleRequest, targetGroupName, targetGroupRequest } from "./load-balancer-plan";
import { enforcementOf, policyProblems, routesOf } from "./policy-enforcement";
import { containerSecrets, previewValueFrom, secretProblems, secretRequests, sizingValueFrom } from "./secrets";
import { networkProblems, PREVIEW_VPC, previewGroupId, securityGroupRequests } from "./security-group-plan";

/** The one container of every task; ECS names it in events and logs. */
const CONTAINER_NAME = "app";
/** Where the awslogs driver writes the app's output: this group, in streams `app/app/<task id>`. */
export const logGroupOf = (name: string) => `/bulkhead/${name}`;
export const LOG_STREAM_PREFIX = `app/${CONTAINER_NAME}/`;
/**
 * Tag that marks a task definition with the apply that registered it, so a retried apply (same
 * idempotency key) reuses that revision instead of registering another.
 */
export const APPLY_TOKEN_TAG = "bulkhead-apply-token";
/** Shown in the preview where apply puts the token derived from the idempotency key. */
export const PREVIEW_APPLY_TOKEN = "(derived from the idempotency key at apply)";
/**
 * Containers run as this unprivileged uid:gid. ECS has no "run as non-root" switch, only `user`;
 * the approved base images ship a user with this id.
 */
const NON_ROOT_USER = "1000:1000";

const PINNED_IMAGE = /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*@sha256:[a-f0-9]{64}$/;
/** URL path and query characters (the load balancer's health check path), without quotes. */
const HEALTH_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const SUBNET = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** vCPU as ECS CPU units; not an integer when the vCPU value cannot be expressed in units. */
const cpuUnits = (vcpu: number) => vcpu * 1024;

export function validate(spec: DeploymentSpec, coordinates: TargetCoordinates): SpecProblem[] {
  if (coordinates.kind !== "aws-ecs") return [{ field: "target", message: `An AWS ECS deployment needs an AWS ECS target, not ${coordinates.kind}` }];
  const problems = [...specProblems(spec), ...coordinateProblems(coordinates), ...policyProblems(spec, coordinates), ...networkProblems(spec, coordinates), ...secretProblems(spec, coordinates)];
  // The size rule can only be judged on a request that is otherwise sound. It is what limits the number of
  // secrets too: ECS sets no count, each one adds its name and a version's ARN to the 64 KiB task definition.
  if (problems.length === 0) {
    const sizeOf = (s: DeploymentSpec) => new TextEncoder().encode(JSON.stringify(taskDefinitionRequest(s, coordinates, PREVIEW_APPLY_TOKEN, (ref) => sizingValueFrom(s, coordinates, ref)))).length;
    const size = sizeOf(spec);
    if (size > MAX_TASK_DEFINITION_BYTES) {
      const secretsTipIt = (spec.secrets?.length ?? 0) > 0 && sizeOf({ ...spec, secrets: [] }) <= MAX_TASK_DEFINITION_BYTES;
      problems.push(
        secretsTipIt
          ? { field: "secrets", message: `The task definition would be ${size} bytes with ${spec.secrets!.length} secrets; ECS accepts at most 64 KiB, so deliver fewer secrets` }
          : { field: "env", message: `The task definition would be ${size} bytes; ECS accepts at most 64 KiB, so shorten the environment variables` },
      );
    }
  }
  return problems;
}

function specProblems(spec: DeploymentSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  if (!ECS_NAME.test(spec.name)) add("name", "ECS service and task family names allow 1–255 letters, digits, hyphens and underscores");
  if (!spec.image.includes("@sha256:")) {
    const tag = /:[^/]+$/.exec(spec.image)?.[0];
    add("image", `The image must be pinned by digest (repository@sha256:<64 hex digits>)${tag ? `, not by the tag "${tag}"` : ""}`);
  } else if (!PINNED_IMAGE.test(spec.image)) {
    add("image", "The image reference is not valid: expected registry/repository@sha256:<64 lowercase hex digits>");
  } else if (spec.image.length > MAX_IMAGE_LENGTH) {
    add("image", `ECS accepts image references of at most ${MAX_IMAGE_LENGTH} characters`);
  }

  const units = cpuUnits(spec.cpu);
  if (!isFargateCpu(units)) {
    add("cpu", "Fargate offers 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU");
  } else if (!Number.isInteger(spec.memoryMiB) || !isFargatePair(units, spec.memoryMiB)) {
    add("memoryMiB", `Fargate with ${spec.cpu} vCPU offers ${fargateMemoryChoices(units)} of memory, not ${spec.memoryMiB} MiB`);
  }
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) add("port", "Port must be between 1 and 65535");

  for (const name of Object.keys(spec.env)) {
    if (name === "" || name.includes("=") || name.includes("\0")) add(`env.${name}`, "Environment variable names must be non-empty and contain neither '=' nor NUL");
  }
  if (!Number.isInteger(spec.minInstances) || spec.minInstances < 0) add("minInstances", "Minimum instances must be a whole number, 0 or more");
  if (!Number.isInteger(spec.maxInstances) || spec.maxInstances < 1) add("maxInstances", "Maximum instances must be a whole number, 1 or more");
  else if (spec.maxInstances > MAX_TASKS_PER_SERVICE) add("maxInstances", `An ECS service runs at most ${MAX_TASKS_PER_SERVICE} tasks`);
  if (spec.minInstances > spec.maxInstances) add("minInstances", "Minimum instances cannot exceed maximum instances");

  if (!HEALTH_PATH.test(spec.healthCheckPath) || spec.healthCheckPath.length > 1024) {
    add("healthCheckPath", "The health check path must start with / and use only URL path characters (no spaces or quotes), at most 1024");
  }
  // One tag slot is taken by the apply token.
  const labels = Object.entries(spec.labels);
  if (labels.length > MAX_TAGS - 1) add("labels", `ECS allows ${MAX_TAGS} tags per resource; Bulkhead uses one, so at most ${MAX_TAGS - 1} labels`);
  for (const [key, value] of labels) {
    const problem = tagProblem(key, value);
    if (problem) add(`labels.${key}`, `Label "${key}": ${problem}`);
  }
  return problems;
}

function coordinateProblems(c: AwsCoordinates): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `coordinates.${field}`, message });
  if (!REGION.test(c.region)) add("region", `"${c.region}" is not an AWS region name such as eu-west-1`);
  if (!ECS_CLUSTER.test(c.cluster)) add("cluster", "The cluster must be a cluster name (1–255 letters, digits, hyphens, underscores) or a cluster ARN");
  if (c.subnets.length < 1 || c.subnets.length > MAX_SUBNETS) add("subnets", `Fargate tasks need 1–${MAX_SUBNETS} subnets`);
  for (const subnet of c.subnets) if (!SUBNET.test(subnet)) add("subnets", `"${subnet}" is not a subnet id such as subnet-0a1b2c3d`);
  if (c.securityGroups.length < 1 || c.securityGroups.length > MAX_SECURITY_GROUPS) add("securityGroups", `Fargate tasks need 1–${MAX_SECURITY_GROUPS} security groups`);
  for (const group of c.securityGroups) if (!SECURITY_GROUP.test(group)) add("securityGroups", `"${group}" is not a security group id such as sg-0a1b2c3d`);
  if (!ROLE_ARN.test(c.executionRoleArn)) add("executionRoleArn", "The execution role must be an IAM role ARN");
  return problems;
}

const tagsOf = (labels: Record<string, string>): Tag[] => Object.entries(labels).map(([key, value]) => ({ key, value }));

/**
 * `valueFrom` gives each secret's reference to its version: the ARN Secrets Manager answered at apply, or the
 * preview's placeholder.
 */
export function taskDefinitionRequest(
  spec: DeploymentSpec,
  c: AwsCoordinates,
  applyToken: string,
  valueFrom: (ref: SecretReference) => string = (ref) => previewValueFrom(spec, c, ref),
): RegisterTaskDefinitionCommandInput {
  return {
    family: spec.name,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(cpuUnits(spec.cpu)),
    memory: String(spec.memoryMiB),
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
    executionRoleArn: c.executionRoleArn,
    // The root filesystem is read-only; this task-scoped scratch volume keeps /tmp writable.
    volumes: [{ name: "tmp" }],
    containerDefinitions: [
      {
        name: CONTAINER_NAME,
        image: spec.image,
        essential: true,
        portMappings: [{ containerPort: spec.port, hostPort: spec.port, protocol: "tcp", name: "http", appProtocol: "http" }],
        environment: Object.keys(spec.env)
          .sort()
          .map((name) => ({ name, value: spec.env[name] })),
        // Read by ECS with the execution role when each task starts, each from its pinned version.
        ...(spec.secrets?.length ? { secrets: containerSecrets(spec, valueFrom) } : {}),
        // Hardening that ECS offers on Fargate: non-root user, read-only root filesystem, every Linux
        // capability dropped (privilege escalation via file capabilities is then moot), and an init
        // process that reaps zombies. Fargate never runs privileged containers.
        user: NON_ROOT_USER,
        readonlyRootFilesystem: true,
        linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        // No container health check: it would run a command inside the image, and distroless images have no shell
        // or curl. The load balancer's target group checks the app over HTTP instead (load-balancer-plan.ts).
        // Fargate has no host to read logs from: without a log driver the app's output is lost.
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": logGroupOf(spec.name), "awslogs-region": c.region, "awslogs-stream-prefix": "app", "awslogs-create-group": "true" },
        },
      },
    ],
    tags: [...tagsOf(spec.labels), { key: APPLY_TOKEN_TAG, value: applyToken }],
  };
}

/**
 * ECS has no request-driven scale from zero: a service with 0 tasks never answers. So at least one
 * task runs even when minInstances is 0. (maxInstances needs Application Auto Scaling, another API.)
 */
const desiredCountOf = (spec: DeploymentSpec) => Math.max(1, spec.minInstances);

type SharedSettings =
  | "cluster"
  | "taskDefinition"
  | "desiredCount"
  | "platformVersion"
  | "networkConfiguration"
  | "deploymentConfiguration"
  | "propagateTags"
  | "enableECSManagedTags"
  | "loadBalancers"
  | "healthCheckGracePeriodSeconds"
  | "serviceConnectConfiguration";
type PolicySettings = Pick<CreateServiceCommandInput & UpdateServiceCommandInput, "loadBalancers" | "healthCheckGracePeriodSeconds" | "serviceConnectConfiguration">;

/** What apply made or found for the service to name: the app's security group and, behind the listener, its target group. */
export interface NetworkIds {
  groupId: string;
  targetGroupArn?: string;
}

/** Where the preview shows them. */
export const previewNetwork = (spec: DeploymentSpec, c: AwsCoordinates): NetworkIds => ({
  groupId: previewGroupId(spec.name, c),
  targetGroupArn: behindListener(spec, c) ? `(ARN of target group ${targetGroupName(spec, c)}, found or made at apply)` : undefined,
});

/** What the policy adds to a service; nothing without a policy, so such plans stay as they were. */
function policySettings(spec: DeploymentSpec, c: AwsCoordinates, network: NetworkIds): PolicySettings {
  const settings: PolicySettings = {};
  if (behindListener(spec, c)) {
    settings.loadBalancers = [{ targetGroupArn: network.targetGroupArn, containerName: CONTAINER_NAME, containerPort: spec.port }];
    settings.healthCheckGracePeriodSeconds = HEALTH_CHECK_GRACE_SECONDS;
  } else if (spec.policy) {
    // Sent empty, so an update takes the service out of a target group it was in.
    settings.loadBalancers = [];
  }
  if (usesServiceConnect(spec, c)) {
    const sc = c.serviceConnect!;
    settings.serviceConnectConfiguration = {
      enabled: true,
      namespace: sc.namespace,
      // The app's port, published under its own name for linked callers, always over TLS.
      services: [
        {
          portName: "http",
          discoveryName: spec.name,
          clientAliases: [{ port: spec.port, dnsName: spec.name }],
          tls: { issuerCertificateAuthority: { awsPcaAuthorityArn: sc.privateCaArn }, kmsKey: sc.kmsKeyArn, roleArn: sc.tlsRoleArn },
        },
      ],
    };
  }
  return settings;
}

/** Settings CreateService and UpdateService share, so an update converges every one of them. */
function serviceSettings(spec: DeploymentSpec, c: AwsCoordinates, taskDefinition: string, network: NetworkIds): Pick<CreateServiceCommandInput & UpdateServiceCommandInput, SharedSettings> {
  return {
    cluster: c.cluster,
    taskDefinition,
    desiredCount: desiredCountOf(spec),
    platformVersion: "LATEST",
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: c.subnets,
        // With a policy, the app's own group beside the target's: it holds the app's links and egress rules.
        securityGroups: spec.policy ? [...c.securityGroups, network.groupId] : c.securityGroups,
        // A public IP only for public ingress, and not even then behind the HTTPS listener: internal
        // apps stay reachable inside the VPC only.
        assignPublicIp: spec.ingress === "public" && !behindListener(spec, c) ? "ENABLED" : "DISABLED",
      },
    },
    // The circuit breaker marks a rollout FAILED (and rolls back) when tasks keep failing to start.
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
    propagateTags: "SERVICE",
    enableECSManagedTags: true,
    ...policySettings(spec, c, network),
  };
}

export function createServiceRequest(spec: DeploymentSpec, c: AwsCoordinates, taskDefinition: string, clientToken: string, network = previewNetwork(spec, c)): CreateServiceCommandInput {
  return {
    ...serviceSettings(spec, c, taskDefinition, network),
    serviceName: spec.name,
    launchType: "FARGATE",
    schedulingStrategy: "REPLICA",
    tags: tagsOf(spec.labels),
    clientToken,
  };
}

export function updateServiceRequest(spec: DeploymentSpec, c: AwsCoordinates, taskDefinition: string, network = previewNetwork(spec, c)): UpdateServiceCommandInput {
  return {
    ...serviceSettings(spec, c, taskDefinition, network),
    service: spec.name,
  };
}

/** Behind the listener: the app's target group, then the listener rule that sends its host name there. */
function loadBalancerRequests(spec: DeploymentSpec, c: AwsCoordinates): PlannedRequest[] {
  if (!behindListener(spec, c)) return [];
  const rule = ruleRequest(spec, c, previewNetwork(spec, c).targetGroupArn!, firstPriorityOf(spec, c));
  return [
    { operation: "ELBv2.CreateTargetGroup", body: targetGroupRequest(spec, c, PREVIEW_VPC) },
    { operation: "ELBv2.CreateRule", body: { ...rule, Priority: `(the first free priority from ${rule.Priority}, found at apply)` } },
  ];
}

/**
 * The preview: each secret's new version in Secrets Manager (CreateSecret the first time, PutSecretValue after);
 * with a policy, the app's security group and its rules, and behind the listener its target group and listener rule;
 * the task definition, then CreateService for a first deployment or UpdateService when the service exists (apply
 * decides from DescribeServices). Services name the task family; apply sends the exact revision it registered. Where
 * a request carries a secret's value or an id apply reads or makes, the preview shows a placeholder. `checks` are the
 * reads apply makes first; `warnings` what the plan cannot do.
 */
export function plan(spec: DeploymentSpec, coordinates: TargetCoordinates): ProviderPlan {
  if (coordinates.kind !== "aws-ecs") throw new Error(`An AWS ECS plan needs AWS ECS coordinates, not ${coordinates.kind}`);
  const checks = checksOf(spec, coordinates);
  const warning = healthCheckWarning(spec, coordinates);
  return {
    kind: "aws-ecs",
    requests: [
      ...secretRequests(spec, coordinates),
      ...(spec.policy ? securityGroupRequests(spec, coordinates) : []),
      ...loadBalancerRequests(spec, coordinates),
      { operation: "RegisterTaskDefinition", body: taskDefinitionRequest(spec, coordinates, PREVIEW_APPLY_TOKEN) },
      { operation: "CreateService", body: createServiceRequest(spec, coordinates, spec.name, PREVIEW_APPLY_TOKEN) },
      { operation: "UpdateService", body: updateServiceRequest(spec, coordinates, spec.name) },
    ],
    ...(checks.length ? { checks } : {}),
    ...(warning ? { warnings: [warning] } : {}),
    ...(spec.policy ? { enforcement: enforcementOf(spec, coordinates), routes: routesOf(spec, coordinates) } : {}),
  };
}
