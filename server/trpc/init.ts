import { initTRPC, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, ZodRealError } from "zod";
import { isDatabaseUnavailable } from "@/server/db/availability";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { recordAudit } from "@/server/audit/record";
import { requireTokenAllows } from "@/server/tokens/grants";
import { AccessDeniedError, DomainError } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";
import type { Context } from "./context";
import { fieldErrorsOf, toTRPCError } from "./errors";
import { unstorableText } from "./storable-text";

// OpenApiMeta: procedures that automation needs also answer under /api/v1 (server/rest/), described by their meta.
const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // Never leak internals: the request id lets an operator find the full error in the server log.
      message: internal ? `Internal error (request ${ctx?.meta.requestId ?? "unknown"})` : error.cause instanceof ZodError ? "Invalid input" : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors: fieldErrorsOf(error) },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Outermost: one log line and one latency observation per call, with who called what and how it ended
 * (request id, actor id and role, procedure, HTTP status, duration); never the input, so never a secret.
 */
const observe = t.middleware(async ({ next, ctx, path, type }) => {
  const started = performance.now();
  const result = await next();
  const status = result.ok ? 200 : getHTTPStatusCodeFromError(result.error);
  const seconds = (performance.now() - started) / 1000;
  metrics().requestDuration.observe({ procedure: path, type, status: String(status) }, seconds);
  logger().info({ requestId: ctx.meta.requestId, actorId: ctx.actor?.userId ?? null, role: ctx.actor?.role ?? null, procedure: path, type, status, durationMs: Math.round(seconds * 1000) }, "procedure");
  return result;
});

/**
 * Domain errors become tRPC errors; a database that did not answer in time becomes 503 (try again); anything
 * else unexpected is logged with the request id.
 */
const mapErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) throw toTRPCError(cause);
  if (isDatabaseUnavailable(cause)) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database did not answer in time; try again in a moment", cause });
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    logger().error({ requestId: ctx.meta.requestId, procedure: path, err: cause ?? result.error }, "procedure failed");
  }
  return result;
});

/** Refused attempts are audited (outcome denied), and mutations that broke (outcome failed). */
const auditRefusals = t.middleware(async ({ next, ctx, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AccessDeniedError) {
    await recordAudit(db(), ctx, { ...cause.attempt, outcome: "denied" });
  } else if (type === "mutation" && result.error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof DomainError) && !isDatabaseUnavailable(cause)) {
    // (Not when the database itself is what failed: the append would only wait for it again.)
    await recordAudit(db(), ctx, { action: path, outcome: "failed", resourceType: "procedure", reason: "internal error" });
  }
  return result;
});

/**
 * Text Postgres cannot store (NUL, unpaired surrogates) is refused like any invalid input, naming the field.
 * Runs on the raw input, before the schema, and after authorization so callers learn nothing they may not.
 */
const refuseUnstorableText = t.middleware(async ({ next, getRawInput }) => {
  const problems = unstorableText(await getRawInput());
  if (problems.length) {
    const issues = problems.map(({ path, message }) => ({ code: "custom" as const, path, message, input: undefined }));
    // ZodRealError: zod's error that is also an Error, so tRPC keeps it as the cause (fieldErrors read it).
    throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input", cause: new ZodRealError(issues) });
  }
  return next();
});

export const publicProcedure = t.procedure.use(observe).use(mapErrors).use(refuseUnstorableText);

const signedIn = t.procedure
  .use(observe)
  .use(mapErrors)
  .use(auditRefusals)
  .use(({ ctx, next }) => {
    if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.credentialProblem ?? "Sign in to continue" });
    return next({ ctx: { actor: ctx.actor, meta: ctx.meta } });
  })
  // A call made with an API token: only what its abilities and app limits allow (the role is checked after).
  .use(async ({ ctx, next, path, getRawInput }) => {
    const { actor } = ctx;
    if (actor.token) await requireTokenAllows({ ...actor, token: actor.token }, path, await getRawInput());
    return next();
  });

export const protectedProcedure = signedIn.use(refuseUnstorableText);

/** Procedures for some roles only; anyone else is refused and the refusal audited. */
export function roleProcedure(...roles: Role[]) {
  return signedIn
    .use(({ ctx, next, path }) => {
      if (!roles.includes(ctx.actor.role)) {
        throw new AccessDeniedError({ action: path, resourceType: "procedure", resourceId: path, reason: `role ${ctx.actor.role} may not call ${path}` });
      }
      return next();
    })
    .use(refuseUnstorableText);
}
