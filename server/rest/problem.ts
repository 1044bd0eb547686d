// Errors of the REST API as RFC 9457 problem details (application/problem+json): a type per kind of problem, the
// HTTP status, what went wrong in words, and for invalid input or a policy refusal one entry per field, with a
// JSON Pointer to it in the request body (or the name of the query or path parameter).
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { PolicyViolationError } from "@/server/errors";
import { fieldErrorsOf } from "@/server/trpc/errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The kinds of problem, each a stable type URI: scripts switch on it rather than on the words. */
export const PROBLEM_TYPES = {
  "invalid-input": "Invalid input",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  "policy-refused": "Refused by policy",
  "not-found": "Not found",
  "method-not-allowed": "Method not allowed",
  conflict: "Conflict",
  "payload-too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  "too-many-requests": "Too many requests",
  unavailable: "Service unavailable",
  internal: "Internal error",
} as const;
export type ProblemKind = keyof typeof PROBLEM_TYPES;
export const problemType = (kind: ProblemKind) => `urn:bulkhead:problem:${kind}`;

export interface FieldProblem {
  /** Dotted path of the field, as the tRPC API names it (e.g. "env.API_TOKEN"). */
  field: string;
  /** JSON Pointer into the request's input (RFC 6901). */
  pointer: string;
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request's path. */
  instance: string;
  /** Give this to an operator: the server log has the details under it. */
  requestId: string;
  errors?: FieldProblem[];
}

const KIND_OF_CODE: Partial<Record<TRPCError["code"], ProblemKind>> = {
  BAD_REQUEST: "invalid-input",
  PARSE_ERROR: "invalid-input",
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not-found",
  METHOD_NOT_SUPPORTED: "method-not-allowed",
  CONFLICT: "conflict",
  PAYLOAD_TOO_LARGE: "payload-too-large",
  UNSUPPORTED_MEDIA_TYPE: "unsupported-media-type",
  TOO_MANY_REQUESTS: "too-many-requests",
};

const pointer = (field: string) => `#/${field.split(".").map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;

/** `extensions`: more members, as RFC 9457 allows. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}, extensions: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ ...extensions, ...problem }), { status: problem.status, headers: { "content-type": PROBLEM_CONTENT_TYPE, ...headers } });
}

export function problem(kind: ProblemKind, status: number, detail: string, where: { instance: string; requestId: string }, errors?: FieldProblem[]): Problem {
  return { type: problemType(kind), title: PROBLEM_TYPES[kind], status, detail, ...where, ...(errors?.length ? { errors } : {}) };
}

/**
 * The problem a procedure's error is. Internal errors say nothing but the request id (the details are in the
 * server log, where server/trpc/init.ts' answeredError put them). `renameField` maps the procedure's field names onto the request's.
 */
export function problemOf(error: TRPCError, where: { instance: string; requestId: string }, renameField: (field: string) => string = (field) => field): Problem {
  const status = getHTTPStatusCodeFromError(error);
  if (error.code === "INTERNAL_SERVER_ERROR" || status >= 500) return problem("internal", 500, `Internal error (request ${where.requestId})`, where);
  const kind: ProblemKind = error.cause instanceof PolicyViolationError ? "policy-refused" : (KIND_OF_CODE[error.code] ?? "invalid-input");
  const fields = Object.entries(fieldErrorsOf(error) ?? {}).flatMap(([field, messages]) => messages.map((detail) => ({ field: renameField(field), pointer: pointer(renameField(field)), detail })));
  const said = fields.map((f) => (f.field ? `${f.field}: ${f.detail}` : f.detail));
  // A schema's refusal carries zod's issues as its message: say it field by field instead.
  const detail = error.cause instanceof ZodError ? `Invalid input: ${said.join("; ")}` : error.message;
  return problem(kind, status, detail, where, fields);
}
