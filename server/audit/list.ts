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

type Condition = string | { gte?: Date; lt?: Date } | undefined;

/**
 * The same filters as a SQL condition on "AuditEvent", for the export's COPY (which Prisma cannot run), derived
 * from filterWhere so the two cannot drift. COPY takes no bind parameters: each value becomes a setting for
 * copyOut (server/db/copy-out.ts) read back by current_setting(), never part of the SQL text.
 */
export function filterCondition(input: Omit<AuditListInput, "cursor" | "limit">): { sql: string; settings: Record<string, string> } {
  const conditions = ["TRUE"];
  const settings: Record<string, string> = {};
  const value = (text: string, type: string) => {
    const name = `bulkhead.filter_${Object.keys(settings).length}`;
    settings[name] = text;
    return `current_setting('${name}')::${type}`;
  };
  for (const [column, condition] of Object.entries(filterWhere(input)) as [string, Condition][]) {
    // Compared as the column's own type, so the column's index serves the filter.
    if (typeof condition === "string") conditions.push(`"${column}" = ${value(condition, column === "outcome" ? '"AuditOutcome"' : "text")}`);
    else if (condition) {
      if (condition.gte) conditions.push(`"${column}" >= ${value(condition.gte.toISOString(), "timestamptz")}`);
      if (condition.lt) conditions.push(`"${column}" < ${value(condition.lt.toISOString(), "timestamptz")}`);
    }
  }
  return { sql: conditions.join(" AND "), settings };
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
