import type { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import type { AuditListInput } from "./schemas";

/** The filters of audit.list (and of exports) as a query, without paging. */
export function filterWhere(input: Omit<AuditListInput, "cursor" | "limit">): Prisma.AuditEventWhereInput {
  return {
    occurredAt: input.from || input.to ? { gte: input.from, lt: input.to } : undefined,
    actorId: input.actorId,
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    teamId: input.teamId,
    outcome: input.outcome,
  };
}

/** Newest first, keyset-paginated on the sequence so deep pages stay as fast as the first; each filter has
 * an index ending in the sequence (prisma/schema.prisma). */
export async function listAuditEvents(input: AuditListInput) {
  const where = { ...filterWhere(input), sequence: input.cursor ? { lt: BigInt(input.cursor) } : undefined };
  const rows = await db().auditEvent.findMany({ where, orderBy: { sequence: "desc" }, take: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  return {
    events: page.map((event) => ({ ...event, sequence: event.sequence.toString() })),
    nextCursor: rows.length > input.limit ? page[page.length - 1].sequence.toString() : null,
  };
}

/** One event by its sequence number. */
export async function getAuditEvent(sequence: bigint) {
  const event = await db().auditEvent.findUnique({ where: { sequence } });
  if (!event) throw new NotFoundError("Audit event");
  return { ...event, sequence: event.sequence.toString() };
}
