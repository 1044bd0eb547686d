// Domain errors thrown by services. The tRPC layer maps them to status codes (server/trpc/errors.ts);
// services never know about HTTP.

export class DomainError extends Error {
  /** The sequence of the denied audit event the tRPC layer recorded for this refusal, once it has; the API
   * answer names it, so a person can refer to the exact refusal (a break-glass request does). */
  auditedAs?: bigint;
}

export class NotFoundError extends DomainError {
  constructor(
    readonly resource: string,
    /** Instead of "<resource> not found", where the caller needs to know what to do next. */
    message?: string,
  ) {
    super(message ?? `${resource} not found`);
  }
}

/**
 * The actor may not touch an existing resource. Shown to the caller exactly like NotFoundError when
 * `hide` is set, so foreign resources do not reveal that they exist; recorded in the audit trail as denied.
 */
export class AccessDeniedError extends DomainError {
  constructor(
    /** What the denied audit event records; `after` holds what the refusal was based on, if anything. */
    readonly attempt: { action: string; resourceType: string; resourceId?: string; teamId?: string; reason: string; after?: unknown },
    readonly hide: { resource: string } | null = null,
  ) {
    super(hide ? `${hide.resource} not found` : attempt.reason);
  }
}

/**
 * Platform policy refuses the change (a revoked base image, a target without the labels the data needs, a
 * setting the target cannot enforce). A denial like any other, so the middleware audits it as denied in a
 * transaction of its own; `problems` name the field or setting, so the form can show them.
 */
export class PolicyViolationError extends AccessDeniedError {
  constructor(
    attempt: { action: string; resourceType: string; resourceId?: string; teamId?: string; after?: unknown },
    readonly problems: { field: string; message: string }[],
  ) {
    super({ ...attempt, reason: `Refused by policy: ${problems.map((p) => p.message).join("; ")}` });
  }
}

/** Input is well-formed but clashes with existing state, e.g. a duplicate name. */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Input passed the schema but breaks a rule found later; names each field. `rule` says whose: a cloud
 * provider's (its size limits, its names, the ports it serves) or the platform's own validation. */
export class InvalidInputError extends DomainError {
  constructor(
    readonly problems: { field: string; message: string }[],
    readonly rule: "provider" | "validation" = "validation",
  ) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join("; "));
  }
}

/** Too many attempts from one client address (public endpoints): answered 429 with when to try again. */
export class TooManyRequestsError extends DomainError {}

/** A cloud Bulkhead had to ask did not answer, or refused: answered 503 with the cloud's words. */
export class CloudUnavailableError extends DomainError {}
