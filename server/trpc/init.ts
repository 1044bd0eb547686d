import { getTRPCErrorFromUnknown, initTRPC, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, ZodRealError } from "zod";
import { isDatabaseUnavailable } from "@/server/db/availability";
import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { canDo, type PlatformAbility } from "@/server/identity/permissions";
import { requireTokenAllows } from "@/server/tokens/grants";
import { AccessDeniedError, ConflictError, DomainError, InvalidInputError, NotFoundError, PolicyViolationError } from "@/server/errors";
import { accessLogger, logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";
import type { Actor } from "@/server/identity/actor";
import type { Context } from "./context";
import { fieldErrorsOf, toTRPCError } from "./errors";
import { serializeOutput } from "./output-encoding";
import { refusalTarget } from "./refusal-targets";
import { storableOnly, unstorableText } from "./storable-text";

// OpenApiMeta: procedures that automation needs also answer under /api/v1 (server/rest/), described by their meta.
const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  // superjson's format both ways; answers a view checked are encoded from its schema (./output-encoding.ts).
  transformer: { input: superjson, output: { serialize: serializeOutput, deserialize: superjson.deserialize } },
  errorFormatter({ shape, error, ctx }) {
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // Never leak internals: the request id lets an operator find the full error in the server log.
      message: internal ? `Internal error (request ${ctx?.meta.requestId ?? "unknown"})` : error.cause instanceof ZodError ? "Invalid input" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: fieldErrorsOf(error),
        /** The denied audit event of this refusal, for a person to name it (a break-glass request does). */
        refusal: auditedAs(error) === undefined ? null : { sequence: auditedAs(error)!.toString() },
      },
    };
  },
});

/** The denied audit event recorded for a refused call (auditRefusal below), by the error's cause: answeredError
 * turns a domain error into a new TRPCError after it was recorded, but keeps the cause. */
const refusalEvents = new WeakMap<object, bigint>();
const auditedAs = (error: TRPCError) => (error.cause ? refusalEvents.get(error.cause) : undefined);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Why a mutation was refused, in the words the trail records; null for what is not a refusal. */
function refusalKind(error: TRPCError): RefusalKind | null {
  const cause = error.cause;
  if (cause instanceof PolicyViolationError) return "policy";
  if (cause instanceof AccessDeniedError) return "access";
  if (cause instanceof ConflictError) return "conflict";
  if (cause instanceof InvalidInputError) return cause.rule;
  if (cause instanceof NotFoundError) return "not found";
  if (cause instanceof ZodError || error.code === "BAD_REQUEST") return "validation";
  return null;
}
export type RefusalKind = "policy" | "access" | "conflict" | "provider" | "validation" | "not found";

/** The fields a refusal names and why, fit for the trail: text Postgres can store, at most 20 fields (hostile
 * input can name thousands, with keys of any text). */
function refusedFields(error: TRPCError): Record<string, string[]> | null {
  const fields = fieldErrorsOf(error);
  if (!fields) return null;
  return Object.fromEntries(Object.entries(fields).slice(0, 20).map(([field, messages]) => [storableOnly(field).slice(0, 200), messages.slice(0, 5).map((m) => storableOnly(m).slice(0, 300))]));
}

/** The refusal in one line, e.g. "Invalid input: port: Too big". */
function refusalReason(error: TRPCError, fields: Record<string, string[]> | null): string {
  const text = error.cause instanceof ZodError ? `Invalid input: ${Object.entries(fields ?? {}).map(([field, messages]) => `${field || "input"}: ${messages.join(", ")}`).join("; ")}` : error.message;
  return storableOnly(text).slice(0, 1000);
}

/**
 * Refused attempts are audited (outcome denied), every refused mutation among them, whatever refused it: the
 * policy, a provider's rule, a conflict, the input's own validation, a resource that is not there; and mutations
 * that broke (outcome failed). The event's `after.refusal` says which kind; a refusal the service named (an
 * AccessDeniedError) keeps its own action and resource, others are named by refusal-targets.ts. The denied
 * event's sequence goes back with the error (errorFormatter: data.refusal).
 */
async function auditRefusal(error: TRPCError, { ctx, path, type, getRawInput }: { ctx: Context; path: string; type: string; getRawInput: () => Promise<unknown> }): Promise<void> {
  const cause = error.cause;
  const kind = refusalKind(error);
  if (cause instanceof AccessDeniedError) {
    const after = cause.attempt.after !== null && typeof cause.attempt.after === "object" ? cause.attempt.after : cause.attempt.after === undefined ? {} : { value: cause.attempt.after };
    cause.auditedAs = await recordAudit(db(), ctx, { ...cause.attempt, outcome: "denied", after: { ...after, refusal: kind } });
    refusalEvents.set(cause, cause.auditedAs);
  } else if (type === "mutation" && kind && ctx.actor) {
    const fields = refusedFields(error);
    const sequence = await recordAudit(db(), ctx, {
      ...refusalTarget(path, await getRawInput().catch(() => undefined)),
      outcome: "denied",
      reason: refusalReason(error, fields),
      after: { refusal: kind, fields },
    });
    if (cause instanceof DomainError) cause.auditedAs = sequence;
    if (cause) refusalEvents.set(cause, sequence);
  } else if (type === "mutation" && error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof DomainError) && !isDatabaseUnavailable(cause)) {
    // (Not when the database itself is what failed: the append would only wait for it again.)
    await recordAudit(db(), ctx, { action: path, outcome: "failed", resourceType: "procedure", reason: "internal error" });
  }
}

/**
 * The error a caller gets: a domain error becomes its tRPC error; a database that did not answer in time becomes 503
 * (try again); anything else unexpected is logged with the request id.
 */
function answeredError(error: TRPCError, ctx: Context, path: string): TRPCError {
  const cause = error.cause;
  if (cause instanceof DomainError) return toTRPCError(cause);
  if (isDatabaseUnavailable(cause)) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database did not answer in time; try again in a moment", cause });
  if (error.code === "INTERNAL_SERVER_ERROR") logger().error({ requestId: ctx.meta.requestId, procedure: path, err: cause ?? error }, "procedure failed");
  return error;
}

/**
 * Outermost, one middleware for what every call's end needs (each middleware costs tRPC a copy of the call's
 * options: bench P4): refusals audited (signed-in procedures), errors turned into what the caller gets, then one
 * log line and one latency observation with who called what and how it ended (request id, actor id and role,
 * procedure, HTTP status, duration); never the input, so never a secret.
 */
function callBoundary(auditsRefusals: boolean) {
  return t.middleware(async (opts) => {
    const { ctx, path, type } = opts;
    const started = performance.now();
    const result = await opts.next();
    let error: TRPCError | null = null;
    if (!result.ok) {
      error = result.error;
      // An audit that fails replaces the refusal, as a throw from a middleware of its own did.
      if (auditsRefusals) await auditRefusal(error, opts).catch((thrown: unknown) => (error = getTRPCErrorFromUnknown(thrown)));
      error = answeredError(error, ctx, path);
    }
    const status = error ? getHTTPStatusCodeFromError(error) : 200;
    const seconds = (performance.now() - started) / 1000;
    metrics().requestDuration.observe({ procedure: path, type, status: String(status) }, seconds);
    accessLogger().info({ requestId: ctx.meta.requestId, actorId: ctx.actor?.userId ?? null, role: ctx.actor?.role ?? null, procedure: path, type, status, durationMs: Math.round(seconds * 1000) }, "procedure");
    if (!result.ok && error !== result.error) throw error;
    return result;
  });
}

/**
 * Text Postgres cannot store (NUL, unpaired surrogates) is refused like any invalid input, naming the field.
 * Runs on the raw input, before the schema, and after authorization so callers learn nothing they may not.
 */
async function refuseUnstorableText(getRawInput: () => Promise<unknown>): Promise<void> {
  const problems = unstorableText(await getRawInput());
  if (problems.length) {
    const issues = problems.map(({ path, message }) => ({ code: "custom" as const, path, message, input: undefined }));
    // ZodRealError: zod's error that is also an Error, so tRPC keeps it as the cause (fieldErrors read it).
    throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input", cause: new ZodRealError(issues) });
  }
}

/** The caller, signed in; with an API token, only what its abilities and app limits allow (the role is checked after). */
async function signedInActor(ctx: Context, path: string, getRawInput: () => Promise<unknown>): Promise<Actor> {
  const { actor } = ctx;
  if (!actor) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.credentialProblem ?? "Sign in to continue" });
  if (actor.token) await requireTokenAllows({ ...actor, token: actor.token }, path, await getRawInput());
  return actor;
}

// Each kind of procedure is the call's boundary and one middleware of checks, in order: who calls, what they may, what
// they sent.
export const publicProcedure = t.procedure.use(callBoundary(false)).use(async ({ next, getRawInput }) => {
  await refuseUnstorableText(getRawInput);
  return next();
});

export const protectedProcedure = t.procedure.use(callBoundary(true)).use(async ({ ctx, next, path, getRawInput }) => {
  const actor = await signedInActor(ctx, path, getRawInput);
  await refuseUnstorableText(getRawInput);
  return next({ ctx: { actor, meta: ctx.meta } });
});

/**
 * Procedures for the roles that have a platform ability (server/identity/permissions.ts: PLATFORM_ABILITIES); anyone
 * else is refused and the refusal audited. identity.me answers the same canDo as `can`, so pages agree with this.
 */
export function abilityProcedure(ability: PlatformAbility) {
  return t.procedure.use(callBoundary(true)).use(async ({ ctx, next, path, getRawInput }) => {
    const actor = await signedInActor(ctx, path, getRawInput);
    if (!canDo(actor, ability)) {
      throw new AccessDeniedError({ action: path, resourceType: "procedure", resourceId: path, reason: `role ${actor.role} may not call ${path}` });
    }
    await refuseUnstorableText(getRawInput);
    return next({ ctx: { actor, meta: ctx.meta } });
  });
}
