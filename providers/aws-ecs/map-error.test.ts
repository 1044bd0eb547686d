import { ClientException, ClusterNotFoundException, ECSServiceException, InvalidParameterException, LimitExceededException, ServerException, ServiceNotActiveException } from "@aws-sdk/client-ecs";
import { expect, it } from "vitest";
import { ProviderError } from "../errors";
import { mapError } from "./map-error";

// The SDK's own exception classes, built as its deserializer builds them.
const $metadata = { httpStatusCode: 400, requestId: "req-1" };
const context = { target: 'cluster "prod" in eu-west-1', secrets: ["AKIAPLANTED000000000", "planted-secret-value", "planted-session-token"] };
const named = (name: string, status: number, message: string) => new ECSServiceException({ name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status }, message });
const network = (code: string, name = "Error") => Object.assign(new Error("socket hang up"), { code, name, $metadata: { attempts: 1 } });

it.each<[string, unknown, string, string?]>([
  ["UnrecognizedClientException", named("UnrecognizedClientException", 403, "The security token included in the request is invalid."), "credentials"],
  ["AccessDeniedException", named("AccessDeniedException", 400, "User is not authorized to perform: ecs:CreateService"), "credentials"],
  ["ThrottlingException", named("ThrottlingException", 400, "Rate exceeded"), "throttled"],
  ["an HTTP 429", named("SomethingNew", 429, "slow down"), "throttled"],
  ["LimitExceededException", new LimitExceededException({ message: "The limit for the resource was exceeded.", $metadata }), "quota"],
  ["ClusterNotFoundException", new ClusterNotFoundException({ message: "Cluster not found.", $metadata }), "not-found"],
  ["ServiceNotActiveException", new ServiceNotActiveException({ message: "Service was not ACTIVE.", $metadata }), "conflict"],
  ["a create that was not idempotent", new InvalidParameterException({ message: "Creation of service was not idempotent.", $metadata }), "conflict"],
  ["a Fargate size ECS refuses", new ClientException({ message: "No Fargate configuration exists for given values: 256 CPU, 4096 memory.", $metadata }), "invalid", "memoryMiB"],
  ["a port ECS refuses", new ClientException({ message: "Invalid 'containerPort' setting for container 'app': must be 1-65535.", $metadata }), "invalid", "port"],
  ["a subnet ECS cannot find", new InvalidParameterException({ message: "Error retrieving subnet information for [subnet-1]: The subnet ID 'subnet-1' does not exist.", $metadata }), "invalid", "coordinates.subnets"],
  ["ServerException", new ServerException({ message: "Service encountered an internal error.", $metadata: { httpStatusCode: 500 } }), "unavailable"],
  ["an HTTP 503", named("ServiceUnavailableException", 503, "Service is unavailable."), "unavailable"],
  ["a dropped connection", network("ECONNRESET", "TimeoutError"), "unavailable"],
  ["a refused connection", network("ECONNREFUSED"), "unavailable"],
  ["a request timeout", network("ETIMEDOUT", "TimeoutError"), "unavailable"],
])("%s", (_, error, kind, field) => {
  const mapped = mapError(error, context);
  expect(mapped).toBeInstanceOf(ProviderError);
  expect(mapped.kind).toBe(kind);
  expect(mapped.field).toBe(field);
  expect(mapped.retryable).toBe(kind === "throttled" || kind === "unavailable");
  expect(mapped.message).toContain(context.target);
});

it("a service name still draining after a delete is worth retrying", () => {
  const mapped = mapError(new InvalidParameterException({ message: "Unable to Start a service that is still Draining.", $metadata }), context);
  expect(mapped).toMatchObject({ kind: "unavailable", retryable: true });
  expect(mapped.message).toMatch(/still draining; creating it again is retried/);
});

// EC2 names its errors by code (no classes in its model); ELBv2 and Cloud Map by the SDK's classes.
it.each<[string, number, string]>([
  ["InvalidGroup.NotFound", 400, "not-found"],
  ["InvalidPermission.Duplicate", 400, "conflict"],
  ["DependencyViolation", 400, "conflict"],
  ["RulesPerSecurityGroupLimitExceeded", 400, "quota"],
  ["RequestLimitExceeded", 503, "throttled"],
  ["InvalidParameterValue", 400, "invalid"],
  ["TargetGroupNotFoundException", 400, "not-found"],
  ["PriorityInUseException", 400, "conflict"],
  ["TooManyRulesException", 400, "quota"],
  ["Throttling", 400, "throttled"],
  ["NamespaceNotFound", 400, "not-found"],
])("the network APIs' %s (HTTP %i) is %s", (name, status, kind) => {
  const mapped = mapError(named(name, status, "refused"), { ...context, service: "Amazon EC2" });
  expect(mapped.kind).toBe(kind);
  expect(mapped.message).toContain("Amazon EC2");
});

it("never puts a credential value in the message, even when AWS echoes one", () => {
  const echoes = named("InvalidSignatureException", 403, "Canonical request: x-amz-security-token:planted-session-token Credential=AKIAPLANTED000000000/20260101");
  const denied = named("AccessDeniedException", 400, "AKIAPLANTED000000000 with planted-secret-value is not authorized");
  const invalid = new InvalidParameterException({ message: "bad value planted-secret-value", $metadata });
  for (const error of [echoes, denied, invalid]) {
    const { message } = mapError(error, context);
    for (const secret of context.secrets) expect(message).not.toContain(secret);
  }
  expect(mapError(echoes, context).message).toMatch(/^AWS rejected the credentials of target cluster "prod" in eu-west-1/);
});

it("names the error and the request id so AWS support can find it", () => {
  expect(mapError(new ClusterNotFoundException({ message: "Cluster not found.", $metadata }), context).message).toBe(
    'The ECS cluster of target cluster "prod" in eu-west-1 does not exist [ClusterNotFoundException, request req-1]',
  );
});

it("keeps an unexpected (non-SDK) error as the cause", () => {
  const bug = new TypeError("x is undefined");
  expect(mapError(bug, context).cause).toBe(bug);
});
