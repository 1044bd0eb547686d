import type { AuditEvent, Prisma, PrismaClient } from "@/server/db/generated/client";
import type { AuditOutcome } from "@/server/db/generated/enums";
import type { Tx } from "@/server/db/client";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { eventHash, GENESIS_HASH } from "./chain";
import { checkpointIfDue } from "./checkpoint";

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

/** Serialises appends across every process writing to this database, so the chain has one head
 * ("AUDT"; the migrator uses "BULK"). Transaction-scoped: released by the caller's commit or rollback. */
const APPEND_LOCK_KEY = 0x41554454;

/** Dates become ISO strings and undefined fields disappear, exactly as the JSON column will hold them. */
function snapshot(value: unknown): Prisma.JsonValue {
  return value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as Prisma.JsonValue);
}

const json = (value: Prisma.JsonValue) => (value === null ? undefined : (value as Prisma.InputJsonValue));

async function append(tx: Tx, who: { actor: Actor | null; meta: RequestMeta }, entry: AuditEntry): Promise<void> {
  // Its own statement, before the head is read: under READ COMMITTED each statement sees what was committed
  // when it started, so the read below sees the event of whoever held the lock before us.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`;
  // Head, last checkpoint and clock in one round trip: the lock is held until commit, so every trip counts.
  const [head] = await tx.$queryRaw<{ sequence: bigint | null; hash: string | null; checkpointSequence: bigint | null; checkpointAt: Date | null; now: Date }[]>`
    SELECT e."sequence", e."hash", c."sequence" AS "checkpointSequence", c."createdAt" AS "checkpointAt", clock_timestamp()::timestamptz(3) AS "now"
    FROM (SELECT 1) AS one
    LEFT JOIN (SELECT "sequence", "hash" FROM "AuditEvent" ORDER BY "sequence" DESC LIMIT 1) AS e ON true
    LEFT JOIN (SELECT "sequence", "createdAt" FROM "AuditCheckpoint" ORDER BY "sequence" DESC LIMIT 1) AS c ON true`;
  // Numbered here rather than by a Postgres sequence, which would leave a gap for every rolled-back append.
  const unhashed: Omit<AuditEvent, "hash"> = {
    sequence: (head.sequence ?? 0n) + 1n,
    occurredAt: head.now, // the database's clock: one clock for every replica
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
    prevHash: head.hash ?? GENESIS_HASH, // also after events that predate the chain (no hash)
  };
  const hash = eventHash(unhashed);
  await tx.auditEvent.create({ data: { ...unhashed, before: json(unhashed.before), after: json(unhashed.after), hash } });
  const lastCheckpoint = head.checkpointSequence === null || head.checkpointAt === null ? null : { sequence: head.checkpointSequence, createdAt: head.checkpointAt };
  await checkpointIfDue(tx, { sequence: unhashed.sequence, hash, at: head.now }, lastCheckpoint);
}

/**
 * The one way to write an audit event. Pass the transaction that makes the change so both commit or
 * neither does; denied and failed attempts are written in a transaction of their own (pass the client).
 * The event is chained to the previous one; appends from all processes are serialised until the
 * caller's transaction ends, so keep what follows this call in the transaction short.
 */
export async function recordAudit(tx: Tx, who: { actor: Actor | null; meta: RequestMeta }, entry: AuditEntry): Promise<void> {
  // The advisory lock lives as long as a transaction: outside one it would be released at once. A root client
  // has $connect, a transaction client does not ($transaction would not tell them apart: Prisma 7 gives
  // transaction clients one too, for savepoints).
  if ("$connect" in tx) await (tx as PrismaClient).$transaction((inner) => append(inner, who, entry));
  else await append(tx, who, entry);
}
