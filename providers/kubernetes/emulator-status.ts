// The API server's error answers: every failure is a `Status` object
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#resources-that-do-not-exist and
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/), with the wording of
// k8s.io/apimachinery/pkg/api/errors so clients that read `reason` and `message` behave as against a real cluster.

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A refusal on its way to the client as a Status, with any headers it carries (Retry-After, Warning). */
export class StatusError extends Error {
  constructor(
    readonly status: Status,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
  }
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details && { details }), code };
}

export function refuse(code: number, reason: string, message: string, details?: StatusDetails, headers?: Record<string, string>): StatusError {
  return new StatusError(failure(code, reason, message, details), headers);
}

/** `deployments.apps` or `namespaces`: how the API server names a resource in its messages. */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const notFound = (resource: string, group: string, name: string) =>
  refuse(404, "NotFound", `${qualified(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource });

export const alreadyExists = (resource: string, group: string, name: string) =>
  refuse(409, "AlreadyExists", `${qualified(resource, group)} "${name}" already exists`, { name, group: group || undefined, kind: resource });

export const badRequest = (message: string) => refuse(400, "BadRequest", message);

/** Field errors as field.ErrorList prints them: one is `field: Required value`, several are bracketed. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): StatusError {
  const kindName = group ? `${kind}.${group}` : kind;
  const listed = causes.map((cause) => (cause.field ? `${cause.field}: ${cause.message}` : cause.message));
  const summary = listed.length === 1 ? listed[0] : `[${listed.join(", ")}]`;
  return refuse(422, "Invalid", `${kindName} "${name}" is invalid: ${summary}`, { name, group: group || undefined, kind, causes });
}

/** The Status a successful delete answers with when the object is gone at once. */
export function deleted(resource: string, group: string, name: string, uid: string): object {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, group: group || undefined, kind: resource, uid } };
}
