import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AccessDeniedError, CloudUnavailableError, ConflictError, DomainError, InvalidInputError, NotFoundError, PolicyViolationError, TooManyRequestsError } from "@/server/errors";

/** Domain error → tRPC error. Anything else is an internal error whose details stay in the server log. */
export function toTRPCError(error: DomainError): TRPCError {
  if (error instanceof NotFoundError) return new TRPCError({ code: "NOT_FOUND", message: error.message, cause: error });
  if (error instanceof AccessDeniedError) {
    return new TRPCError({ code: error.hide ? "NOT_FOUND" : "FORBIDDEN", message: error.message, cause: error });
  }
  if (error instanceof ConflictError) return new TRPCError({ code: "CONFLICT", message: error.message, cause: error });
  if (error instanceof CloudUnavailableError) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message, cause: error });
  if (error instanceof TooManyRequestsError) return new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
  return new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
}

function byField(problems: { field: string; message: string }[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const { field, message } of problems) (fields[field] ??= []).push(message);
  return fields;
}

/** Field path ("name", "coordinates.cluster") → messages, so forms can show each error beside its field. */
export function fieldErrorsOf(error: TRPCError): Record<string, string[]> | null {
  if (error.cause instanceof ZodError) return byField(error.cause.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message })));
  if (error.cause instanceof ConflictError && error.cause.field) return { [error.cause.field]: [error.cause.message] };
  if (error.cause instanceof InvalidInputError || error.cause instanceof PolicyViolationError) return byField(error.cause.problems);
  return null;
}
