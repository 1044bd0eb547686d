import type { AuditEvent, Prisma, PrismaClient } from "@/server/db/generated/client";
import type { AuditOutcome } from "@/server/db/generated/enums";
import type { Tx } from "@/server/db/client";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { appendRows, type AppendRow } from "./append-rows";
import { canonicalEventParts, type AppendedFields } from "./chain";
import { appendGrouped } from "./group-append";
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

/** The value the column will hold: dates become ISO strings, undefined fields disappear. */
function snapshot(value: unknown): Prisma.JsonValue {
  return value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as Prisma.JsonValue);
}

/** A transaction's client lacks $transaction (Prisma removes it), so the root client is told apart by it. */
function outsideTransaction(client: Tx): client is PrismaClient {
  return "$transaction" in client;
}

/**
 * The one way to write an audit event. Pass the transaction that makes the change so both commit or
 * neither does; denied and failed attempts are written on their own (pass the client): the append then joins
 * the process's next batch (group-append.ts), committed with it. The event is chained to the previous one;
 * appends from all processes are serialised until the caller's transaction ends, so keep what follows this
 * call in the transaction short. Returns the event's sequence number. Checkpoints and the Merkle tree are the
 * checkpointer's work (checkpointer.ts), never an append's.
 */
export async function recordAudit(client: Tx, who: { actor: Actor | null; meta: RequestMeta }, entry: AuditEntry): Promise<bigint> {
  const content: Omit<AuditEvent, "hash" | AppendedFields> = {
    actorId: who.actor?.userId ?? null,
    actorEmail: who.actor?.email ?? null,
    actorRole: who.actor?.role ?? null,
    action: entry.action,
    outcome: entry.outcome,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    teamId: entry.teamId ?? null,
    before: snapshot(entry.before),
    after: snapshot(entry.after),
    reason: entry.reason ?? null,
    requestId: who.meta.requestId,
    sourceIp: who.meta.sourceIp,
    userAgent: who.meta.userAgent,
  };
  const [part1, part2, part3, part4] = canonicalEventParts(content);
  const row: AppendRow = { ...content, part1, part2, part3, part4 };
  const timer = metrics().auditAppendDuration.startTimer();
  try {
    if (outsideTransaction(client)) return await appendGrouped(client, row);
    const [sequence] = await appendRows(client, [row]);
    return sequence;
  } finally {
    timer();
  }
}
