import { db } from "@/server/db/client";
import type { AuditListInput } from "./schemas";

/** Newest first, keyset-paginated on the sequence so deep pages stay as fast as the first. */
export async function listAuditEvents(input: AuditListInput) {
  const rows = await db().auditEvent.findMany({
    where: input.cursor ? { sequence: { lt: BigInt(input.cursor) } } : undefined,
    orderBy: { sequence: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    events: page.map((event) => ({ ...event, sequence: event.sequence.toString() })),
    nextCursor: rows.length > input.limit ? page[page.length - 1].sequence.toString() : null,
  };
}
