// What happens when the emulator starts a task: the ECS agent reads every `secrets[].valueFrom` of the task
// definition with the execution role and puts the values into the containers' environment, or the task stops
// before any container runs. As documented in "Pass Secrets Manager secrets through Amazon ECS environment
// variables" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html):
// valueFrom is a Secrets Manager secret ARN, optionally followed by `:json-key:version-stage:version-id`, or an
// SSM Parameter Store parameter (ARN, or name in the task's Region); values are read once, at task start.
import type { Unhealthy } from "./emulator-elb-health";
import { ACCOUNT_ID, type Rollout, type TaskDefinition } from "./emulator-state";
import { getSecretValue } from "./emulator-secrets";
import type { SecretsStore } from "./emulator-secrets-state";
import { EcsApiError, type Input, objectList, optString } from "./emulator-wire";

/**
 * A task's start: the first (app) container's environment and, when its load balancer's health checks will fail, when
 * ECS stops it for that; or why ECS stopped the task before it ran.
 */
export type TaskStart = { environment: Record<string, string>; unhealthy?: Unhealthy } | { failure: string };

/** What the service's load balancer makes of a task that starts with this environment (./emulator-elb-health.ts). */
export type HealthVerdict = (environment: Record<string, string>) => Unhealthy | undefined;

/** The stoppedReason ECS gives a task whose secrets could not be read ("Amazon ECS task stopped errors"). */
const PULL_FAILED = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed:";

const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:([^:]+)(?::([^:]*):([^:]*):([^:]*))?$/;

function fromSecretsManager(secrets: SecretsStore, match: RegExpExecArray, now: number): string {
  const [, region, account, , jsonKey, stage, versionId] = match;
  const secretArn = match[0].split(":").slice(0, 7).join(":");
  const fail = (why: string) => new Error(`${PULL_FAILED} unable to retrieve secret from asm: service call has been retried 1 time(s): ${why}`);
  if (account !== ACCOUNT_ID) {
    throw fail(`failed to fetch secret ${secretArn} from secrets manager: AccessDeniedException: User is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretArn}`);
  }
  const request: Input = { SecretId: secretArn };
  if (stage) request.VersionStage = stage;
  if (versionId) request.VersionId = versionId;
  let value: string;
  try {
    const answer = getSecretValue({ secrets, region, now }, request) as { SecretString?: string; SecretBinary?: string };
    if (answer.SecretString === undefined) throw fail(`secret ${secretArn} holds binary data, which ECS cannot put into an environment variable`);
    value = answer.SecretString;
  } catch (error) {
    if (error instanceof EcsApiError) throw fail(`failed to fetch secret ${secretArn} from secrets manager: ${error.type}: ${error.message}`);
    throw error;
  }
  if (!jsonKey) return value;
  let document: unknown;
  try {
    document = JSON.parse(value);
  } catch {
    throw fail(`retrieved secret from Secrets Manager did not contain json key ${jsonKey}`);
  }
  const field = typeof document === "object" && document !== null ? (document as Record<string, unknown>)[jsonKey] : undefined;
  if (field === undefined) throw fail(`retrieved secret from Secrets Manager did not contain json key ${jsonKey}`);
  return typeof field === "string" ? field : JSON.stringify(field);
}

/** Reads one valueFrom; throws an Error whose message is the task's stoppedReason. */
function resolve(secrets: SecretsStore, valueFrom: string, now: number): string {
  const match = SECRETS_MANAGER_ARN.exec(valueFrom);
  if (match) return fromSecretsManager(secrets, match, now);
  // SSM Parameter Store is not emulated: every parameter is one that does not exist.
  const parameter = valueFrom.startsWith("arn:") ? valueFrom.slice(valueFrom.indexOf(":parameter") + ":parameter".length) : valueFrom;
  throw new Error(`${PULL_FAILED} unable to retrieve secrets from ssm: service call has been retried 1 time(s): InvalidParameters: invalid parameters: ${parameter}`);
}

/** Starts a task of this definition now: reads every container's secrets, then the first container's environment. */
export function startTask(definition: TaskDefinition, secrets: SecretsStore, now: number, verdict: HealthVerdict = () => undefined): TaskStart {
  const containers = objectList(definition.request, "containerDefinitions");
  try {
    const resolved = containers.map((container) => objectList(container, "secrets").map((secret) => [optString(secret, "name")!, resolve(secrets, optString(secret, "valueFrom")!, now)] as const));
    const plain = objectList(containers[0] ?? {}, "environment").map((variable) => [optString(variable, "name")!, optString(variable, "value") ?? ""] as const);
    const environment = Object.fromEntries([...plain, ...(resolved[0] ?? [])]);
    const unhealthy = verdict(environment);
    return unhealthy ? { environment, unhealthy } : { environment };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * What a rollout of this definition runs when its tasks start: the secrets are read then, from this store, and the
 * load balancer's verdict on the started container is taken then.
 */
export const launcherFor =
  (definition: TaskDefinition, secrets: SecretsStore, verdict?: HealthVerdict): Rollout["launch"] =>
  (at) =>
    startTask(definition, secrets, at, verdict);
