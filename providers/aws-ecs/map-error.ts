// SDK errors → ProviderError. The kind decides what the job layer does (retry or fail now); the message
// tells the developer what happened in their terms. Credential values never reach a message.
import { ProviderError, type ProviderErrorKind } from "../errors";

export interface ErrorContext {
  /** Names the target, e.g. `cluster "prod" in eu-west-1`. */
  target: string;
  /** Values that must never appear in a message (access key id, secret, session token, secret values). */
  secrets: string[];
  /** The AWS service called, as messages name it; "AWS ECS" when not given. */
  service?: string;
}

const KINDS: [ProviderErrorKind, string[]][] = [
  [
    "credentials",
    [
      "UnrecognizedClientException",
      "InvalidClientTokenId",
      "InvalidSignatureException",
      "SignatureDoesNotMatch",
      "IncompleteSignature",
      "IncompleteSignatureException",
      "MissingAuthenticationToken",
      "MissingAuthenticationTokenException",
      "ExpiredToken",
      "ExpiredTokenException",
      "AccessDeniedException",
      "AccessDenied",
      "CredentialsProviderError",
    ],
  ],
  ["throttled", ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown"]],
  [
    "quota",
    [
      "LimitExceededException",
      "AttributeLimitExceededException",
      "ServiceQuotaExceededException",
      // EC2, ELBv2 and Cloud Map quotas.
      "RulesPerSecurityGroupLimitExceeded",
      "SecurityGroupLimitExceeded",
      "TagLimitExceeded",
      "TooManyRulesException",
      "TooManyTargetGroupsException",
      "TooManyTagsException",
      "TooManyListenersException",
      "ResourceLimitExceeded",
    ],
  ],
  [
    "not-found",
    [
      "ServiceNotFoundException",
      "ClusterNotFoundException",
      "TaskSetNotFoundException",
      "TargetNotFoundException",
      "ResourceNotFoundException",
      "NamespaceNotFoundException",
      // EC2 names its errors by code; ELBv2 and Cloud Map by class.
      "InvalidGroup.NotFound",
      "InvalidSubnetID.NotFound",
      "InvalidVpcID.NotFound",
      "InvalidPermission.NotFound",
      "TargetGroupNotFoundException",
      "ListenerNotFoundException",
      "LoadBalancerNotFoundException",
      "RuleNotFoundException",
      "SSLPolicyNotFoundException",
      "NamespaceNotFound",
      "OperationNotFound",
    ],
  ],
  [
    "conflict",
    [
      "ServiceNotActiveException",
      "ResourceInUseException",
      "UpdateInProgressException",
      "ConflictException",
      "ClusterContainsServicesException",
      "ClusterContainsTasksException",
      "ResourceExistsException",
      "InvalidGroup.Duplicate",
      "InvalidPermission.Duplicate",
      "DependencyViolation",
      "PriorityInUseException",
      "DuplicateTargetGroupNameException",
      "DuplicateListenerException",
      "ResourceInUse",
      "NamespaceAlreadyExists",
    ],
  ],
  [
    "invalid",
    [
      "InvalidParameterException",
      "ClientException",
      "PlatformUnknownException",
      "PlatformTaskDefinitionIncompatibilityException",
      "UnsupportedFeatureException",
      "ValidationException",
      "SerializationException",
      "UnknownOperationException",
      // Secrets Manager's refusals of a request (a secret marked for deletion, a bad token, KMS trouble).
      "InvalidRequestException",
      "InvalidNextTokenException",
      "PreconditionNotMetException",
      "MalformedPolicyDocumentException",
      "EncryptionFailure",
      "DecryptionFailure",
      // EC2's, ELBv2's and Cloud Map's refusals of a request.
      "InvalidParameterValue",
      "MissingParameter",
      "InvalidGroupId.Malformed",
      "ValidationError",
      "InvalidConfigurationRequestException",
      "IncompatibleProtocolsException",
      "InvalidInput",
    ],
  ],
];
const KIND_BY_NAME = new Map(KINDS.flatMap(([kind, names]) => names.map((name) => [name, kind] as const)));

/** Transport failures: nothing (or nothing whole) came back. */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND", "ECONNABORTED"]);

/** ECS names the member it objects to; these are the spec (or target) fields behind them. */
const FIELDS: [RegExp, string][] = [
  [/Fargate configuration|'memory'/, "memoryMiB"],
  [/'cpu'/, "cpu"],
  [/\bimage\b/i, "image"],
  [/containerPort|hostPort|port mappings/, "port"],
  [/serviceName|\bFamily\b/, "name"],
  [/desiredCount/, "minInstances"],
  [/'environment'|Task definition size/, "env"],
  [/healthCheck/, "healthCheckPath"],
  [/\btags?\b/i, "labels"],
  [/subnet/i, "coordinates.subnets"],
  [/security group/i, "coordinates.securityGroups"],
  [/execution role/i, "coordinates.executionRoleArn"],
];

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** ECS refuses a new service while one of that name still drains: that passes once its tasks have stopped. */
const stillDraining = (error: SdkLikeError) => error.name === "InvalidParameterException" && /still Draining/i.test(error.message ?? "");

function kindOf(error: SdkLikeError): ProviderErrorKind {
  const byName = error.name ? KIND_BY_NAME.get(error.name) : undefined;
  if (error.name === "InvalidParameterException" && /not idempotent/i.test(error.message ?? "")) return "conflict";
  if (stillDraining(error)) return "unavailable";
  if (byName) return byName;
  const status = error.$metadata?.httpStatusCode;
  if (status === 429) return "throttled";
  if (status === 401 || status === 403) return "credentials";
  if (status !== undefined && status >= 400 && status < 500) return "invalid";
  // 5xx, timeouts, dropped connections and anything without an answer.
  return "unavailable";
}

export function mapError(raw: unknown, context: ErrorContext): ProviderError {
  if (raw instanceof ProviderError) return raw;
  const error: SdkLikeError = typeof raw === "object" && raw !== null ? (raw as SdkLikeError) : { message: String(raw) };
  const kind = kindOf(error);
  const name = error.name ?? "Error";
  const said = redact(error.message ?? "", context.secrets);
  const reference = `[${name}${error.$metadata?.requestId ? `, request ${error.$metadata.requestId}` : ""}]`;
  const { target } = context;
  const service = context.service ?? "AWS ECS";

  switch (kind) {
    case "credentials":
      // Signature errors can echo the canonical request (with the session token): only
      // AccessDenied's text, which names the missing permission, is passed on.
      return new ProviderError(
        kind,
        `AWS rejected the credentials of target ${target}${name.startsWith("AccessDenied") ? `: ${said}` : `: check the access key, its secret and the IAM permissions for ${service.replace(/^AWS /, "")}`} ${reference}`,
      );
    case "throttled":
      return new ProviderError(kind, `${service} is throttling requests for target ${target}; they will be retried ${reference}`);
    case "quota":
      return new ProviderError(kind, `An ${service} limit was reached for target ${target}: ${said} ${reference}`);
    case "not-found":
      return new ProviderError(kind, name === "ClusterNotFoundException" ? `The ECS cluster of target ${target} does not exist ${reference}` : `${service} found nothing by that name in ${target}: ${said} ${reference}`);
    case "conflict":
      return new ProviderError(kind, `${service} reported a conflict in ${target}: ${said} ${reference}`);
    case "invalid":
      return new ProviderError(kind, `${service} refused the request for ${target}: ${said} ${reference}`, context.service ? undefined : FIELDS.find(([pattern]) => pattern.test(said))?.[1]);
    case "unavailable": {
      if (stillDraining(error)) return new ProviderError(kind, `An earlier ECS service of that name in ${target} is still draining; creating it again is retried once ECS has stopped its tasks ${reference}`);
      const why = error.$metadata?.httpStatusCode ? `answered HTTP ${error.$metadata.httpStatusCode}` : NETWORK_CODES.has(error.code ?? "") || name === "TimeoutError" ? "did not answer (connection dropped or timed out)" : "failed unexpectedly";
      // Without $metadata the error did not come from the SDK: keep it, with its stack, for debugging.
      return new ProviderError(kind, `${service} ${why} for target ${target}: ${said} ${reference}`, undefined, error.$metadata ? undefined : { cause: raw });
    }
  }
}

function redact(text: string, secrets: string[]): string {
  return secrets.filter((secret) => secret.length >= 4).reduce((out, secret) => out.split(secret).join("***"), text);
}
