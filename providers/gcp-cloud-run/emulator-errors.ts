// Google's error shapes: a gRPC status code and message, with google.rpc details in the
// `grpc-status-details-bin` trailer, which the client decodes into GoogleError.statusDetails/reason.
import { Metadata, status, type ServerErrorResponse } from "@grpc/grpc-js";
import { statusDetailsBin, type ErrorDetail } from "./emulator-protos";

export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export interface Violation {
  field: string;
  description: string;
}

/** Cloud Run's wording: "Violation in CreateServiceRequest.service_id: …", all violations in BadRequest. */
export function invalidArgument(request: string, violations: Violation[]): RpcError {
  const [first] = violations;
  return new RpcError(status.INVALID_ARGUMENT, `Violation in ${request}.${first.field}: ${first.description}`, [{ type: "BadRequest", fieldViolations: violations }]);
}

export function notFound(kind: "SERVICE" | "REVISION" | "OPERATION", name: string): RpcError {
  return new RpcError(status.NOT_FOUND, `Resource '${name}' of kind '${kind}' does not exist.`);
}

export const alreadyExists = (name: string) => new RpcError(status.ALREADY_EXISTS, `Resource '${name}' already exists.`);

/**
 * A change sent with an etag the resource no longer has. AIP-154 (https://google.aip.dev/154): "If a user sends back
 * an etag which does not match the current etag value, the service must send an ABORTED error response"; Cloud Run's
 * Service.etag "may be used to detect modification conflict during updates".
 */
export const etagMismatch = (name: string, etag: string) =>
  new RpcError(status.ABORTED, `The etag ${etag} of '${name}' is stale: the resource changed since it was read. Read it again and retry.`);

/** Services per region is a quota: RESOURCE_EXHAUSTED with a QuotaFailure naming it. */
export function quotaExceeded(project: string, region: string, limit: number): RpcError {
  const description = `Quota exceeded for total allowable count of services per project per region (limit ${limit}) in region ${region}.`;
  return new RpcError(status.RESOURCE_EXHAUSTED, description, [{ type: "QuotaFailure", violations: [{ subject: `project:${project}`, description }] }]);
}

/** What Google's front end answers a caller over its request rate: RESOURCE_EXHAUSTED, RATE_LIMIT_EXCEEDED. */
export function rateLimited(): RpcError {
  return new RpcError(status.RESOURCE_EXHAUSTED, "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per region' of service 'run.googleapis.com'.", [
    { type: "ErrorInfo", reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com", metadata: { service: "run.googleapis.com", quota_metric: "run.googleapis.com/write_requests" } },
    { type: "RetryInfo", retryDelay: { seconds: 1 } },
  ]);
}

/** A transient server fault, either of the two Google answers with. */
export function serverFault(): RpcError {
  return Math.random() < 0.5 ? new RpcError(status.UNAVAILABLE, "The service is currently unavailable.") : new RpcError(status.INTERNAL, "Internal error encountered.");
}

export function toServerError(error: unknown): ServerErrorResponse {
  // Anything else is a defect of the emulator: say what it was rather than hide it.
  const rpc = error instanceof RpcError ? error : new RpcError(status.INTERNAL, `Internal error encountered: ${String(error)}`);
  const metadata = new Metadata();
  if (rpc.details.length) metadata.set("grpc-status-details-bin", statusDetailsBin(rpc.code, rpc.message, rpc.details));
  return Object.assign(new Error(rpc.message), { code: rpc.code, details: rpc.message, metadata });
}
