// Task definition operations of the ECS emulator, with the checks ECS makes at registration
// (Fargate sizes, awsvpc, container rules).
import { fargateOffers, HEALTH_CHECK_BOUNDS, IMAGE_MAX_LENGTH, NAME, TASK_DEFINITION_MAX_BYTES } from "./emulator-limits";
import { ACCOUNT_ID, arn, type Context, type Region, type TaskDefinition } from "./emulator-state";
import { clientError, epochSeconds, type Input, objectList, optBool, optInt, optObject, optString, page, readTags, reqString, stringList } from "./emulator-wire";

const COMPATIBILITIES = ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"];
/** A Secrets Manager secret ARN (with its optional json-key:version-stage:version-id), an SSM parameter ARN, or a parameter name. */
const SECRET_SOURCE = /^(?:arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(?::[^:]*:[^:]*:[^:]*)?|arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/?[A-Za-z0-9_.\-/]+|\/?[A-Za-z0-9_.\-/]{1,2048})$/;
const NETWORK_MODES = ["bridge", "host", "awsvpc", "none"];

/** ECS takes sizes as strings: units or "0.25 vCPU"; MiB or "2 GB". */
function parseSize(value: string | undefined, unitPattern: RegExp, field: "cpu" | "memory"): number | undefined {
  if (value === undefined) return undefined;
  const plain = /^\d+$/.exec(value.trim());
  if (plain) return Number(plain[0]);
  const scaled = unitPattern.exec(value.trim());
  if (scaled) return Math.round(Number(scaled[1]) * 1024);
  throw clientError(`Invalid '${field}' setting for task: '${value}'.`);
}

function checkContainer(container: Input, context: { fargate: boolean; awsvpc: boolean; taskMemory?: number; volumes: Set<string>; executionRole?: string }): { name: string; essential: boolean } {
  const name = reqString(container, "name", clientError);
  if (!NAME.test(name)) throw clientError(`Container name '${name}' is invalid: up to 255 letters, numbers, hyphens and underscores are allowed.`);
  const image = optString(container, "image");
  if (!image) throw clientError("Container.image should not be null or empty.");
  if (image.length > IMAGE_MAX_LENGTH) throw clientError(`Container.image may be at most ${IMAGE_MAX_LENGTH} characters.`);

  for (const mapping of objectList(container, "portMappings")) {
    const containerPort = optInt(mapping, "containerPort");
    if (containerPort === undefined || containerPort < 1 || containerPort > 65535) throw clientError(`Invalid 'containerPort' setting for container '${name}': must be 1-65535.`);
    const hostPort = optInt(mapping, "hostPort");
    if (context.awsvpc && hostPort !== undefined && hostPort !== containerPort) throw clientError("When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
    const protocol = optString(mapping, "protocol");
    if (protocol !== undefined && protocol !== "tcp" && protocol !== "udp") throw clientError(`Invalid 'protocol' setting for container '${name}': ${protocol}.`);
  }
  for (const variable of objectList(container, "environment")) reqString(variable, "name", clientError);
  // ContainerDefinition.secrets: each a name and a valueFrom (a secret or parameter ARN, or a parameter name);
  // the agent reads them with the task execution role, so one is required ("Pass sensitive data to an Amazon ECS
  // container", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html).
  // valueFrom: "the full ARN of the AWS Secrets Manager secret or the full ARN of the parameter in the SSM
  // Parameter Store", or the parameter's name in the task's Region (ContainerDefinition Secret, API reference).
  const secrets = objectList(container, "secrets");
  for (const secret of secrets) {
    const secretName = reqString(secret, "name", clientError);
    const valueFrom = reqString(secret, "valueFrom", clientError);
    if (!SECRET_SOURCE.test(valueFrom)) {
      throw clientError(`Invalid 'valueFrom' for secret '${secretName}' in container '${name}': it must be the ARN of a Secrets Manager secret or of an SSM parameter, or the name of an SSM parameter.`);
    }
  }
  if (secrets.length && !context.executionRole) throw clientError("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");

  const healthCheck = optObject(container, "healthCheck");
  if (healthCheck) {
    const command = stringList(healthCheck, "command");
    if (!command?.length || !["CMD", "CMD-SHELL", "NONE"].includes(command[0])) throw clientError(`Invalid 'healthCheck.command' for container '${name}': it must start with CMD, CMD-SHELL or NONE.`);
    for (const [key, [min, max]] of Object.entries(HEALTH_CHECK_BOUNDS)) {
      const value = optInt(healthCheck, key);
      if (value !== undefined && (value < min || value > max)) throw clientError(`Invalid 'healthCheck.${key}' for container '${name}': must be ${min}-${max}.`);
    }
  }
  const added = stringList(optObject(optObject(container, "linuxParameters") ?? {}, "capabilities") ?? {}, "add") ?? [];
  if (context.fargate && added.some((capability) => capability !== "SYS_PTRACE")) throw clientError("Fargate only supports adding the SYS_PTRACE kernel capability.");
  if (context.fargate && optBool(container, "privileged")) throw clientError("Privileged containers are not supported on Fargate.");
  for (const mount of objectList(container, "mountPoints")) {
    const volume = optString(mount, "sourceVolume");
    if (!volume || !context.volumes.has(volume)) throw clientError(`Invalid 'sourceVolume' '${volume}' in container '${name}': the volume must be defined in the task definition.`);
  }
  const memory = optInt(container, "memory");
  if (memory !== undefined && context.taskMemory !== undefined && memory > context.taskMemory) throw clientError(`Container '${name}' 'memory' (${memory}) exceeds the task memory (${context.taskMemory}).`);
  const logDriver = optString(optObject(container, "logConfiguration") ?? {}, "logDriver");
  if (context.fargate && logDriver === "awslogs" && !context.executionRole) throw clientError("Fargate requires task definition to have execution role ARN to support log driver awslogs.");
  return { name, essential: optBool(container, "essential") ?? true };
}

export function registerTaskDefinition({ region, now }: Context, input: Input) {
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > TASK_DEFINITION_MAX_BYTES) throw clientError(`Task definition size (${size} bytes) exceeds the 64 KiB limit.`);
  const family = reqString(input, "family", clientError);
  if (!NAME.test(family)) throw clientError(`Family '${family}' is invalid: up to 255 letters, numbers, hyphens and underscores are allowed.`);
  const compatibilities = stringList(input, "requiresCompatibilities") ?? [];
  for (const c of compatibilities) if (!COMPATIBILITIES.includes(c)) throw clientError(`Invalid 'requiresCompatibilities' value: ${c}.`);
  const networkMode = optString(input, "networkMode");
  if (networkMode !== undefined && !NETWORK_MODES.includes(networkMode)) throw clientError(`Invalid 'networkMode' setting: ${networkMode}.`);

  const fargate = compatibilities.includes("FARGATE");
  const cpu = parseSize(optString(input, "cpu"), /^(\d+(?:\.\d+)?)\s*vcpu$/i, "cpu");
  const memory = parseSize(optString(input, "memory"), /^(\d+(?:\.\d+)?)\s*gb$/i, "memory");
  if (fargate) {
    if (networkMode !== "awsvpc") throw clientError("Fargate only supports network mode 'awsvpc'.");
    if (cpu === undefined) throw clientError("Fargate requires that 'cpu' be defined at the task level.");
    if (memory === undefined) throw clientError("Fargate requires that 'memory' be defined at the task level.");
    if (!fargateOffers(cpu, memory)) throw clientError(`No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`);
  }

  const containers = objectList(input, "containerDefinitions");
  if (containers.length === 0) throw clientError("Container list cannot be empty.");
  if (containers.length > 10) throw clientError("A task definition may have at most 10 containers.");
  const volumes = new Set(objectList(input, "volumes").map((volume) => reqString(volume, "name", clientError)));
  const context = { fargate, awsvpc: networkMode === "awsvpc", taskMemory: memory, volumes, executionRole: optString(input, "executionRoleArn") };
  const checked = containers.map((container) => checkContainer(container, context));
  if (new Set(checked.map((c) => c.name)).size !== checked.length) throw clientError("Container names must be unique within a task definition.");
  if (!checked.some((c) => c.essential)) throw clientError("A task definition must have at least one essential container.");
  const tags = readTags(input);

  const revisions = region.families.get(family) ?? [];
  // Sizes given as "0.25 vCPU" or "0.5 GB" are kept as CPU units and MiB: "it's converted to an integer indicating
  // the CPU units when the task definition is registered" (TaskDefinition cpu and memory, ECS API reference).
  const { tags: _omitted, ...given } = input;
  const request = { ...given, ...(cpu !== undefined ? { cpu: String(cpu) } : {}), ...(memory !== undefined ? { memory: String(memory) } : {}) };
  const definition: TaskDefinition = {
    arn: arn(region.name, `task-definition/${family}:${revisions.length + 1}`),
    family,
    revision: revisions.length + 1,
    status: "ACTIVE",
    registeredAt: now,
    request,
    compatibilities: fargate ? ["EC2", "FARGATE"] : ["EC2"],
    tags,
  };
  region.families.set(family, [...revisions, definition]);
  return { taskDefinition: view(definition), tags };
}

export function view(definition: TaskDefinition) {
  return {
    ...definition.request,
    taskDefinitionArn: definition.arn,
    revision: definition.revision,
    status: definition.status,
    compatibilities: definition.compatibilities,
    registeredAt: epochSeconds(definition.registeredAt),
    registeredBy: `arn:aws:iam::${ACCOUNT_ID}:root`,
    ...(definition.deregisteredAt ? { deregisteredAt: epochSeconds(definition.deregisteredAt) } : {}),
  };
}

/** By ARN, "family:revision", or "family" (its latest ACTIVE revision), as ECS resolves them. */
export function findTaskDefinition(region: Region, ref: string): TaskDefinition | undefined {
  const marker = "task-definition/";
  if (ref.startsWith("arn:") && !ref.includes(marker)) return undefined;
  const [family, revision] = (ref.startsWith("arn:") ? ref.slice(ref.indexOf(marker) + marker.length) : ref).split(":");
  const revisions = region.families.get(family) ?? [];
  if (revision === undefined) return revisions.filter((d) => d.status === "ACTIVE").at(-1);
  return revisions[Number(revision) - 1];
}

export function describeTaskDefinition({ region }: Context, input: Input) {
  const definition = findTaskDefinition(region, reqString(input, "taskDefinition", clientError));
  if (!definition) throw clientError("Unable to describe task definition.");
  const withTags = stringList(input, "include")?.includes("TAGS");
  return { taskDefinition: view(definition), ...(withTags ? { tags: definition.tags } : {}) };
}

export function listTaskDefinitions({ region }: Context, input: Input) {
  const prefix = optString(input, "familyPrefix") ?? "";
  const status = optString(input, "status") ?? "ACTIVE";
  const sort = optString(input, "sort") ?? "ASC";
  if (!["ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"].includes(status)) throw clientError(`Invalid 'status' value: ${status}.`);
  if (sort !== "ASC" && sort !== "DESC") throw clientError(`Invalid 'sort' value: ${sort}.`);
  const matching = [...region.families.entries()]
    .filter(([family]) => family.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, revisions]) => revisions.filter((d) => d.status === status).map((d) => d.arn));
  const { items, nextToken } = page(sort === "ASC" ? matching : matching.reverse(), input, 100, 100);
  return { taskDefinitionArns: items, nextToken };
}

export function deregisterTaskDefinition({ region, now }: Context, input: Input) {
  const ref = reqString(input, "taskDefinition", clientError);
  if (!/:\d+$/.test(ref)) throw clientError("A revision is required: name the task definition as family:revision or by its ARN.");
  const definition = findTaskDefinition(region, ref);
  if (!definition) throw clientError("Unable to describe task definition.");
  if (definition.status === "ACTIVE") Object.assign(definition, { status: "INACTIVE", deregisteredAt: now });
  return { taskDefinition: view(definition) };
}
