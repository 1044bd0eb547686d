import type { Prisma } from "@/server/db/generated/client";
import type { AuditOutcome } from "@/server/db/generated/enums";
import type { Tx } from "@/server/db/client";
import type { Actor, RequestMeta } from "@/server/identity/actor";

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  resourceType: string;
  resourceId?: string | null;
  teamId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

/** Dates become ISO strings and undefined fields disappear, exactly as the JSON column will hold them. */
function snapshot(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/**
 * The one way to write an audit event. Pass the transaction that makes the change so both commit or
 * neither does; denied and failed attempts are written in a transaction of their own.
 */
export async function recordAudit(
  tx: Tx,
  who: { actor: Actor | null; meta: RequestMeta },
  entry: AuditEntry,
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: who.actor?.userId,
      actorEmail: who.actor?.email,
      actorRole: who.actor?.role,
      action: entry.action,
      outcome: entry.outcome,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? undefined,
      teamId: entry.teamId ?? undefined,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
      reason: entry.reason,
      requestId: who.meta.requestId,
      sourceIp: who.meta.sourceIp,
      userAgent: who.meta.userAgent,
    },
  });
}
