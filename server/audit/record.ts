import type { AuditEvent, Prisma } from "@/server/db/generated/client";
import type { AuditOutcome } from "@/server/db/generated/enums";
import type { Tx } from "@/server/db/client";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { canonicalEventParts, type AppendedFields } from "./chain";
import { metrics } from "@/server/observability/metrics";

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

/** The JSON text the column will hold (dates become ISO strings, undefined fields disappear) and its value. */
function snapshot(value: unknown): { text: string | null; json: Prisma.JsonValue } {
  const text = value === undefined || value === null ? null : JSON.stringify(value);
  return { text, json: text === null ? null : (JSON.parse(text) as Prisma.JsonValue) };
}

/**
 * The one way to write an audit event. Pass the transaction that makes the change so both commit or
 * neither does; denied and failed attempts are written on their own (pass the client): the append is then
 * a single statement, its own transaction. The event is chained to the previous one; appends from all
 * processes are serialised until the caller's transaction ends, so keep what follows this call in the
 * transaction short. Returns the event's sequence number. Checkpoints and the Merkle tree are the
 * checkpointer's work (checkpointer.ts), never an append's.
 */
export async function recordAudit(client: Tx, who: { actor: Actor | null; meta: RequestMeta }, entry: AuditEntry): Promise<bigint> {
  const before = snapshot(entry.before);
  const after = snapshot(entry.after);
  const content: Omit<AuditEvent, "hash" | AppendedFields> = {
    actorId: who.actor?.userId ?? null,
    actorEmail: who.actor?.email ?? null,
    actorRole: who.actor?.role ?? null,
    action: entry.action,
    outcome: entry.outcome,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    teamId: entry.teamId ?? null,
    before: before.json,
    after: after.json,
    reason: entry.reason ?? null,
    requestId: who.meta.requestId,
    sourceIp: who.meta.sourceIp,
    userAgent: who.meta.userAgent,
  };
  const [part1, part2, part3, part4] = canonicalEventParts(content);
  // The database takes the append lock, numbers the event, stamps it with its clock (one clock for every
  // replica), chains, hashes and inserts it in this one statement (prisma/migrations/*_audit_merkle_tree);
  // the lock lasts until the transaction ends.
  const timer = metrics().auditAppendDuration.startTimer();
  const [appended] = await client.$queryRaw<{ sequence: bigint }[]>`
    SELECT "sequence" FROM "audit_append"(${part1}, ${part2}, ${part3}, ${part4}, ${content.actorId}::text, ${content.actorEmail}::text, ${content.actorRole}::"Role",
      ${content.action}, ${content.outcome}::"AuditOutcome", ${content.resourceType}, ${content.resourceId}::text, ${content.teamId}::text,
      ${before.text}::jsonb, ${after.text}::jsonb, ${content.reason}::text, ${content.requestId}, ${content.sourceIp}::text, ${content.userAgent}::text)`;
  timer();
  return appended.sequence;
}
