import type { AuditEvent, Prisma } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import type { AppendedFields } from "./chain";

/** What the database needs to append one event: its columns and the four texts of canonicalEventParts around
 * the fields the database sets. */
export type AppendRow = Omit<AuditEvent, "hash" | AppendedFields> & { part1: string; part2: string; part3: string; part4: string };

/**
 * Appends the rows in order in one statement (prisma/migrations/*_audit_append_batch): the database takes the
 * chain's lock, numbers the events, stamps them with its clock (one clock for every replica), chains, hashes and
 * inserts them; the lock lasts until the transaction ends. Returns their sequence numbers in the rows' order.
 */
export async function appendRows(client: Tx, rows: readonly AppendRow[]): Promise<bigint[]> {
  const entries: Prisma.JsonArray = rows.map((row) => ({ ...row }));
  const appended = await client.$queryRaw<{ sequence: bigint }[]>`
    SELECT "sequence" FROM "audit_append_batch"(${JSON.stringify(entries)}::jsonb) ORDER BY "sequence"`;
  if (appended.length !== rows.length) throw new Error(`audit append wrote ${appended.length} events for ${rows.length}`);
  return appended.map((row) => row.sequence);
}
