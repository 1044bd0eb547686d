// What the pages and the report read about break-glass overrides: each override with the names of what it
// concerns and `can` flags, and the refused deploy attempts one could be requested for.
import type { BreakGlassOverride, PrismaClient } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import type { Actor } from "@/server/identity/actor";
import type { Reason } from "@/server/policy/evaluate";
import { storedWaives } from "./stored";
import { canRequestOverride, decideRefusal, overrideState, refusalProblem } from "./rules";

type Client = PrismaClient | Tx;

export async function overrideViews(client: Client, actor: Actor, rows: BreakGlassOverride[], now = new Date()) {
  const ids = (pick: (row: BreakGlassOverride) => string) => [...new Set(rows.map(pick))];
  const [apps, targets, teams] = [
    await client.app.findMany({ where: { id: { in: ids((r) => r.appId) } }, select: { id: true, name: true } }),
    await client.target.findMany({ where: { id: { in: ids((r) => r.targetId) } }, select: { id: true, name: true } }),
    await client.team.findMany({ where: { id: { in: ids((r) => r.teamId) } }, select: { id: true, name: true } }),
  ];
  const name = (list: { id: string; name: string }[], id: string) => list.find((item) => item.id === id)?.name ?? id;
  return rows.map((row) => {
    const state = overrideState(row, now);
    return {
      id: row.id,
      state,
      action: row.action,
      refusalSequence: row.refusalSequence.toString(),
      app: { id: row.appId, name: name(apps, row.appId) },
      target: { id: row.targetId, name: name(targets, row.targetId) },
      team: { id: row.teamId, name: name(teams, row.teamId) },
      deploymentId: row.deploymentId,
      waives: storedWaives(row),
      reason: row.reason,
      durationMinutes: row.durationMinutes,
      requestedByEmail: row.requestedByEmail,
      requestedAt: row.requestedAt,
      decidedByEmail: row.decidedByEmail,
      decidedAt: row.decidedAt,
      decisionNote: row.decisionNote,
      expiresAt: row.expiresAt,
      usedRevision: row.usedRevision,
      expiredAt: row.expiredAt,
      /** What the expiry job found: null until it ran, "compliant", or the reasons it is still refused. */
      expiryVerdict: row.expiryVerdict,
      can: { decide: state === "requested" && decideRefusal(actor, row) === null },
    };
  });
}
export type OverrideView = Awaited<ReturnType<typeof overrideViews>>[number];

/** Refused deploy attempts, newest first, with whether the actor may request an override of each. */
export async function refusalViews(client: Client, actor: Actor, where: { resourceType: string; resourceId: string; targetId?: string }) {
  const events = await client.auditEvent.findMany({
    where: { resourceType: where.resourceType, resourceId: where.resourceId, outcome: "denied", action: { startsWith: "deployment." } },
    orderBy: { sequence: "desc" },
    take: 20,
  });
  const open = await client.breakGlassOverride.findMany({ where: { refusalSequence: { in: events.map((e) => e.sequence) }, status: { in: ["requested", "approved"] } }, select: { refusalSequence: true } });
  return events
    .map((event) => ({ event, after: (event.after ?? {}) as { refusal?: unknown; reasons?: Reason[]; target?: string; request?: { targetId?: string } } }))
    .filter(({ after }) => !where.targetId || after.request?.targetId === where.targetId)
    .map(({ event, after }) => {
      const reasons = after.reasons ?? [];
      const problem = refusalProblem({ outcome: event.outcome, action: event.action, kind: after.refusal, reasons, hasRequest: !!after.request });
      const requested = open.some((o) => o.refusalSequence === event.sequence);
      return {
        sequence: event.sequence.toString(),
        occurredAt: event.occurredAt,
        action: event.action,
        actorEmail: event.actorEmail,
        target: after.target ?? null,
        reason: event.reason,
        reasons,
        overrideRequested: requested,
        can: { requestOverride: !problem && !requested && !!event.teamId && canRequestOverride(actor, event.teamId) },
      };
    });
}
