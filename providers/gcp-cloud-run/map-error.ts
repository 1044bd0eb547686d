// Errors of the Google clients become ProviderErrors a developer can act on: gRPC ones (Cloud Run, Secret Manager: a
// status code plus the decoded google.rpc details) and REST ones (IAM, Compute: an HTTP status and Google's JSON
// error). A credential value never reaches a message.
import { status } from "@grpc/grpc-js";
import { ProviderError, type ProviderErrorKind } from "../errors";
import type { TargetConnection } from "../types";
import { RestCallError } from "./rest-client";
import { credentialSecrets } from "./credentials";

/** What the client's errors carry; every field is optional because anything can be thrown. */
interface ClientError {
  code?: unknown;
  details?: unknown;
  message?: unknown;
  reason?: unknown;
  statusDetails?: unknown;
}

const KIND_BY_CODE: Partial<Record<number, ProviderErrorKind>> = {
  [status.UNAUTHENTICATED]: "credentials",
  [status.PERMISSION_DENIED]: "credentials",
  [status.RESOURCE_EXHAUSTED]: "throttled",
  [status.NOT_FOUND]: "not-found",
  [status.INVALID_ARGUMENT]: "invalid",
  [status.FAILED_PRECONDITION]: "invalid",
  [status.OUT_OF_RANGE]: "invalid",
  [status.UNIMPLEMENTED]: "invalid",
  [status.ALREADY_EXISTS]: "conflict",
  [status.ABORTED]: "conflict",
};

/** Cloud Run's field paths (google.rpc.BadRequest) → the DeploymentSpec field the developer filled in. */
const SPEC_FIELDS: [RegExp, string][] = [
  [/(^|\.)service_id$/, "name"],
  [/containers\[\d+\]\.image$/, "image"],
  [/limits\.cpu$/, "cpu"],
  [/limits\.memory$/, "memoryMiB"],
  [/container_port$/, "port"],
  [/min_instance_count$/, "minInstances"],
  [/max_instance_count$/, "maxInstances"],
  [/containers\[\d+\]\.env/, "env"],
  [/(^|\.)labels/, "labels"],
  [/(^|\.)ingress$/, "ingress"],
  [/_probe/, "healthCheckPath"],
];

const isGrpcCode = (code: unknown): code is number => typeof code === "number" && Number.isInteger(code) && code >= 0 && code <= 16;

/**
 * The gRPC code behind an error. When the client runs out of attempts it reports DEADLINE_EXCEEDED
 * "Exceeded maximum number of retries retrying error Error: 8 RESOURCE_EXHAUSTED: …": the last
 * error's own code, kept only in that text, says more about what went wrong.
 */
export function grpcCode(error: unknown): number | undefined {
  const { code, message } = (error ?? {}) as ClientError;
  if (!isGrpcCode(code)) return undefined;
  const last = typeof message === "string" ? /retrying error (?:\w*Error: )?(\d+) [A-Z_]+:/.exec(message) : null;
  return code === status.DEADLINE_EXCEEDED && last ? Number(last[1]) : code;
}

function details(error: ClientError): unknown[] {
  return Array.isArray(error.statusDetails) ? error.statusDetails : [];
}

/** A rate limit (retry later) or a used-up quota (ask for more): RESOURCE_EXHAUSTED means both. */
function exhaustedKind(error: ClientError): ProviderErrorKind {
  if (error.reason === "RATE_LIMIT_EXCEEDED") return "throttled";
  const quotaFailure = details(error).some((d) => Array.isArray((d as { violations?: unknown }).violations));
  return quotaFailure ? "quota" : "throttled";
}

function fieldOf(error: ClientError): string | undefined {
  for (const detail of details(error)) {
    const violations = (detail as { fieldViolations?: { field?: string }[] }).fieldViolations;
    const path = Array.isArray(violations) ? violations[0]?.field : undefined;
    if (path) return SPEC_FIELDS.find(([pattern]) => pattern.test(path))?.[1] ?? path;
  }
  return undefined;
}

function redact(text: string, connection: TargetConnection): string {
  return credentialSecrets(connection).reduce((out, secret) => (secret ? out.split(secret).join("[redacted]") : out), text);
}

export interface ErrorContext {
  connection: TargetConnection;
  /** What the adapter was doing, as a verb phrase: "create service payments-api". */
  action: string;
  /** The Google API called, as messages name it; "Cloud Run" when not given. */
  service?: string;
}

/**
 * IAM is eventually consistent ("When you read data from the IAM API, each read is eventually consistent", IAM API
 * reference): a policy set, or a service made to run as an account, a moment after the account was made or read back
 * may still be refused with "Service account … does not exist." or "Permission 'iam.serviceaccounts.actAs' denied on
 * service account … (or it may not exist)". Retrying is what Google advises, so those refusals are transient here; one
 * that persists (Bulkhead's identity truly lacks actAs) fails the job once its retries run out, with Google's words.
 */
const NOT_YET_PROPAGATED = /Service account \S+ does not exist|iam\.serviceaccounts\.actAs' denied on service account \S+ \(or it may not exist\)/;

/** What a Google API error says, whichever transport it came over. */
interface Classified {
  kind: ProviderErrorKind;
  codeName: string;
  detail: string;
  field?: string;
}

function classifyGrpc(error: unknown): Classified {
  const clientError = (error ?? {}) as ClientError;
  const code = grpcCode(error);
  const text = typeof clientError.details === "string" && clientError.details ? clientError.details : String(clientError.message ?? error);
  let kind: ProviderErrorKind = code === undefined ? "unavailable" : (KIND_BY_CODE[code] ?? "unavailable");
  if (code === status.RESOURCE_EXHAUSTED) kind = exhaustedKind(clientError);
  if ((code === status.INVALID_ARGUMENT || code === status.PERMISSION_DENIED) && NOT_YET_PROPAGATED.test(text)) kind = "unavailable";
  // Errors without a gRPC code come from the auth library before any call went out.
  if (code === undefined && /refresh token|invalid_grant|credential/i.test(text)) kind = "credentials";
  return { kind, codeName: code === undefined ? "no answer" : status[code], detail: text, field: kind === "invalid" ? fieldOf(clientError) : undefined };
}

const KIND_BY_HTTP: Partial<Record<number, ProviderErrorKind>> = { 400: "invalid", 401: "credentials", 403: "credentials", 404: "not-found", 409: "conflict", 412: "conflict" };

/** An IAM or Compute REST answer: the HTTP status says the kind, the reason tells a quota from a rate limit. */
function classifyRest(error: RestCallError): Classified {
  let kind: ProviderErrorKind = KIND_BY_HTTP[error.httpStatus] ?? "unavailable";
  if (error.httpStatus === 429) kind = error.reason === "quotaExceeded" ? "quota" : "throttled";
  return { kind, codeName: error.httpStatus ? `HTTP ${error.httpStatus}${error.status ? ` ${error.status}` : ""}` : "no answer", detail: error.message };
}

export function toProviderError(error: unknown, { connection, action, service = "Cloud Run" }: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const { kind, codeName, detail: text, field } = error instanceof RestCallError ? classifyRest(error) : classifyGrpc(error);
  const detail = redact(text, connection);
  const where = connection.coordinates.kind === "gcp-cloud-run" ? `project "${connection.coordinates.projectId}" (${connection.coordinates.region})` : "this target";
  const messages: Record<ProviderErrorKind, string> = {
    credentials: `Google Cloud rejected the credentials of Cloud Run target ${where} when asked to ${action} (${codeName}): ${detail}. Check that the target's service account key is valid and may manage ${service === "Cloud Run" ? "Cloud Run services" : service}.`,
    throttled: `${service} is rate-limiting requests for ${where}; could not ${action} this time and will try again: ${detail}`,
    quota: `A ${service} quota of ${where} is used up, so ${service} refused to ${action}: ${detail}`,
    "not-found": `${service} could not ${action}: ${detail}`,
    invalid: `${service} refused to ${action}: ${detail}`,
    conflict: `${service} could not ${action} because of a conflicting change: ${detail}`,
    unavailable: `${service} did not complete the request to ${action} (${codeName}): ${detail}`,
  };
  return new ProviderError(kind, messages[kind], field, { cause: error });
}
