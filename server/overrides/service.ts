// Break-glass overrides of policy refusals: requested by a developer naming the exact refusal, approved by a
// second person, used at once by running the refused deploy again with the refusal's reasons waived, and judged
// again at expiry (expiry.ts). Each step is one transaction with its audit event, on the override's own
// timeline (resource "break-glass-override"); refusals are audited as denied by the tRPC middleware.
import { db, type Tx } from "@/server/db/client";
import type { BreakGlassOverride, Prisma } from "@/server/db/generated/client";
import { parseColumn } from "@/server/db/json-column";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { refusedRequest } from "@/server/deployments/schemas";
import { AccessDeniedError, ConflictError, InvalidInputError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canReadTeam, readableTeamIds, requireTeam } from "@/server/identity/permissions";
import { recordAudit } from "@/server/audit/record";
import { loadDeployment } from "@/server/deployments/access";
import { enqueue, QUEUES } from "@/server/jobs/queue";
import type { Reason } from "@/server/policy/evaluate";
import { canRequestOverride, decideRefusal, refusalProblem } from "./rules";
import type { RequestOverrideInput } from "./schemas";
import { storedRequest, waivedReasons } from "./stored";
import { resolveDeployImage } from "@/server/deployments/image-resolution";
import { deployUnderOverride } from "./use-override";
import { overrideViews, refusalViews } from "./views";

export const RESOURCE = "break-glass-override";

const snapshot = (row: BreakGlassOverride) => ({
  status: row.status,
  refusal: row.refusalSequence.toString(),
  action: row.action,
  appId: row.appId,
  targetId: row.targetId,
  deploymentId: row.deploymentId,
  waives: row.waives,
  reason: row.reason,
  durationMinutes: row.durationMinutes,
  requestedBy: row.requestedByEmail,
  decidedBy: row.decidedByEmail,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  usedRevision: row.usedRevision,
});

async function view(tx: Tx, caller: Caller, row: BreakGlassOverride) {
  return (await overrideViews(tx, caller.actor, [row]))[0];
}

export async function requestOverride(caller: Caller, input: RequestOverrideInput) {
  return db().$transaction(async (tx) => {
    const refusal = await tx.auditEvent.findUnique({ where: { sequence: BigInt(input.refusal) } });
    if (!refusal?.teamId) throw new NotFoundError("Refused attempt");
    const attempt = { action: "break-glass.request", resourceType: "audit-event", resourceId: input.refusal, reason: "only a developer of the refused app's team may request an override" };
    requireTeam(caller.actor, refusal.teamId, canRequestOverride, attempt, "Refused attempt");
    const after = (refusal.after ?? {}) as { refusal?: unknown; reasons?: Reason[]; request?: { appId: string; targetId: string; deploymentId: string | null } };
    const problem = refusalProblem({ outcome: refusal.outcome, action: refusal.action, kind: after.refusal, reasons: after.reasons ?? [], hasRequest: !!after.request });
    if (problem) throw new InvalidInputError([{ field: "refusal", message: `Audit event #${input.refusal} cannot be overridden: ${problem}` }]);
    const open = await tx.breakGlassOverride.findFirst({ where: { refusalSequence: refusal.sequence, status: { in: ["requested", "approved"] } } });
    if (open) throw new ConflictError(`An override of refusal #${input.refusal} is already ${open.status}`, "refusal");
    // Parsed as they are stored: the denied event's request and reasons (refusalProblem checked they are there).
    const at = (field: string) => ({ model: "AuditEvent", id: input.refusal, field: `after.${field}` });
    const request = parseColumn(refusedRequest, after.request, at("request"));
    const waives = parseColumn(waivedReasons, after.reasons, at("reasons"));
    const created = await tx.breakGlassOverride
      .create({
        data: {
          refusalSequence: refusal.sequence,
          action: refusal.action,
          teamId: refusal.teamId,
          appId: request.appId,
          targetId: request.targetId,
          deploymentId: request.deploymentId,
          request,
          waives,
          reason: input.reason,
          durationMinutes: input.durationMinutes,
          requestedById: caller.actor.userId,
          requestedByEmail: caller.actor.email,
        },
      })
      .catch((error: unknown) => {
        // The partial unique index: another request of the same refusal committed at the same moment.
        if (isUniqueViolation(error)) throw new ConflictError(`An override of refusal #${input.refusal} is already requested`, "refusal");
        throw error;
      });
    await recordAudit(tx, caller, { action: "break-glass.request", outcome: "ok", resourceType: RESOURCE, resourceId: created.id, teamId: created.teamId, after: snapshot(created), reason: created.reason });
    return view(tx, caller, created);
  });
}

/** Loads an override the caller may decide; another team's is "not found" to a developer. */
async function loadForDecision(tx: Tx, caller: Caller, id: string, action: string) {
  const row = await tx.breakGlassOverride.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("Override");
  requireTeam(caller.actor, row.teamId, canReadTeam, { action, resourceType: RESOURCE, resourceId: id, reason: "override of a team the actor may not read" }, "Override");
  const refused = decideRefusal(caller.actor, row);
  if (refused) throw new AccessDeniedError({ action, resourceType: RESOURCE, resourceId: id, teamId: row.teamId, reason: refused });
  if (row.status !== "requested") throw new ConflictError(`This override is already ${row.status}`);
  return row;
}

/** The refused deploy's image as its registry resolves it now, before the transaction (network work). */
async function resolveRequestImage(row: BreakGlassOverride) {
  const request = storedRequest(row);
  const target = await db().target.findUnique({ where: { id: request.targetId }, select: { kind: true } });
  return target ? resolveDeployImage(row.teamId, request.settings.image, target.kind) : null;
}

/** Approves, then runs the refused deploy with the override, in one transaction; schedules the expiry. */
export async function approveOverride(caller: Caller, input: { id: string; note: string }) {
  // Checked first, so resolving the image is asked only for someone who may decide this override.
  const resolvedImage = await resolveRequestImage(await loadForDecision(db(), caller, input.id, "break-glass.approve"));
  return db().$transaction(async (tx) => {
    const row = await loadForDecision(tx, caller, input.id, "break-glass.approve");
    const now = new Date();
    const expiresAt = new Date(now.getTime() + row.durationMinutes * 60_000);
    const approved = await tx.breakGlassOverride.update({
      where: { id: row.id },
      data: { status: "approved", decidedById: caller.actor.userId, decidedByEmail: caller.actor.email, decidedAt: now, decisionNote: input.note, expiresAt },
    });
    await recordAudit(tx, caller, { action: "break-glass.approve", outcome: "ok", resourceType: RESOURCE, resourceId: row.id, teamId: row.teamId, before: snapshot(row), after: snapshot(approved), reason: input.note || undefined });
    const used = await deployUnderOverride(tx, caller, approved, resolvedImage);
    const after = await tx.breakGlassOverride.update({ where: { id: row.id }, data: { deploymentId: used.deploymentId, usedRevision: used.revision } });
    await enqueue(tx, QUEUES.overrideExpiry, { overrideId: row.id }, { startAfterSeconds: Math.ceil((expiresAt.getTime() - Date.now()) / 1000) + 1 });
    await recordAudit(tx, caller, {
      action: "break-glass.use",
      outcome: "ok",
      resourceType: RESOURCE,
      resourceId: row.id,
      teamId: row.teamId,
      after: { ...snapshot(after), deploymentId: used.deploymentId, revision: used.revision },
    });
    return view(tx, caller, after);
  });
}

export async function rejectOverride(caller: Caller, input: { id: string; note: string }) {
  return db().$transaction(async (tx) => {
    const row = await loadForDecision(tx, caller, input.id, "break-glass.reject");
    const rejected = await tx.breakGlassOverride.update({
      where: { id: row.id },
      data: { status: "rejected", decidedById: caller.actor.userId, decidedByEmail: caller.actor.email, decidedAt: new Date(), decisionNote: input.note },
    });
    await recordAudit(tx, caller, { action: "break-glass.reject", outcome: "ok", resourceType: RESOURCE, resourceId: row.id, teamId: row.teamId, before: snapshot(row), after: snapshot(rejected), reason: input.note || undefined });
    return view(tx, caller, rejected);
  });
}

/** Every override the caller may see, newest first; `state` narrows it (the compliance report's filter). */
export async function listOverrides(caller: Caller, input: { state?: "requested" | "active" | "expired" | "rejected" }) {
  const teamIds = readableTeamIds(caller.actor);
  const now = new Date();
  const byState: Record<string, Prisma.BreakGlassOverrideWhereInput> = {
    requested: { status: "requested" },
    rejected: { status: "rejected" },
    active: { status: "approved", expiresAt: { gt: now } },
    expired: { OR: [{ status: "expired" }, { status: "approved", expiresAt: { lte: now } }] },
  };
  const rows = await db().breakGlassOverride.findMany({
    where: { ...(teamIds ? { teamId: { in: teamIds } } : {}), ...(input.state ? byState[input.state] : {}) },
    orderBy: { requestedAt: "desc" },
    take: 200,
  });
  return overrideViews(db(), caller.actor, rows, now);
}

/** For a deployment's page: its overrides (for the banner) and the refused attempts on it. */
export async function deploymentOverrides(caller: Caller, deploymentId: string) {
  const deployment = await loadDeployment(db(), caller, deploymentId, "break-glass.read", canReadTeam);
  const rows = await db().breakGlassOverride.findMany({ where: { deploymentId }, orderBy: { requestedAt: "desc" }, take: 20 });
  return {
    overrides: await overrideViews(db(), caller.actor, rows),
    refusals: await refusalViews(db(), caller.actor, { resourceType: "deployment", resourceId: deployment.id }),
  };
}

/** For an app's page: overrides of its deployments, and refused first deploys of it (recorded on the app). */
export async function appOverrides(caller: Caller, appId: string) {
  const app = await db().app.findUnique({ where: { id: appId }, select: { id: true, teamId: true } });
  if (!app) throw new NotFoundError("App");
  requireTeam(caller.actor, app.teamId, canReadTeam, { action: "break-glass.read", resourceType: "app", resourceId: appId, reason: "app belongs to a team the actor may not read" }, "App");
  const rows = await db().breakGlassOverride.findMany({ where: { appId }, orderBy: { requestedAt: "desc" }, take: 20 });
  return {
    overrides: await overrideViews(db(), caller.actor, rows),
    refusals: await refusalViews(db(), caller.actor, { resourceType: "app", resourceId: appId }),
  };
}
