// Domain errors thrown by services. The tRPC layer maps them to status codes (server/trpc/errors.ts);
// services never know about HTTP.

export class DomainError extends Error {}

export class NotFoundError extends DomainError {
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

/**
 * The actor may not touch an existing resource. Shown to the caller exactly like NotFoundError when
 * `hide` is set, so foreign resources do not reveal that they exist; recorded in the audit trail as denied.
 */
export class AccessDeniedError extends DomainError {
  constructor(
    readonly attempt: { action: string; resourceType: string; resourceId?: string; teamId?: string; reason: string },
    readonly hide: { resource: string } | null = null,
  ) {
    super(hide ? `${hide.resource} not found` : attempt.reason);
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

/** Input passed the schema but breaks a rule found later (e.g. a provider's size limits); names each field. */
export class InvalidInputError extends DomainError {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join("; "));
  }
}
