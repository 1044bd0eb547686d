// How an audit event is written to an export file and read back by the offline verifier. Every field that
// chain.ts hashes is written, so each event's hash can be recomputed from the file alone.
// csv-stringify / csv-parse (the `csv` project): RFC 4180 quoting of commas, quotes and newlines in reasons
// and user agents is easy to get wrong by hand, and the parser lets the verifier stream a file of millions of rows.
import { stringify } from "csv-stringify/sync";
import type { CastingContext } from "csv-parse";
import type { AuditEvent } from "@/server/db/generated/client";

export type ExportFormat = "csv" | "ndjson";

/** Column order of the CSV and key order of each NDJSON line. */
export const EXPORT_COLUMNS = [
  "sequence", "occurredAt", "actorId", "actorEmail", "actorRole", "action", "outcome", "resourceType", "resourceId",
  "teamId", "before", "after", "reason", "requestId", "sourceIp", "userAgent", "prevHash", "hash",
] as const;
type Column = (typeof EXPORT_COLUMNS)[number];
type Row = Record<Column, unknown>;

/** The event's fields in column order, sequence and time as text. */
function row(event: AuditEvent): Row {
  const text: Record<string, unknown> = { ...event, sequence: event.sequence.toString(), occurredAt: event.occurredAt.toISOString() };
  return Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, text[column]])) as Row;
}

export function ndjsonLines(events: AuditEvent[]): string {
  return events.map((event) => JSON.stringify(row(event)) + "\n").join("");
}

/** CSV keeps null apart from the empty string: every string is quoted, a null is an empty unquoted field.
 * before/after are their JSON text. */
export function csvRows(events: AuditEvent[], withHeader: boolean): string {
  const rows = events.map((event) => {
    const values = row(event);
    return EXPORT_COLUMNS.map((column) => ((column === "before" || column === "after") && values[column] !== null ? JSON.stringify(values[column]) : values[column]));
  });
  return stringify(withHeader ? [[...EXPORT_COLUMNS], ...rows] : rows, { quoted_string: true });
}

/** csv-parse cast: an unquoted empty field is null (see csvRows). */
export const csvCast = (value: string, context: CastingContext) => (value === "" && !context.quoting ? null : value);

/** The event a line or record of the file stands for; throws when a field has the wrong shape. */
export function eventFromRecord(record: Record<string, unknown>, format: ExportFormat): AuditEvent {
  const text = (column: Column, nullable = true) => {
    const value = record[column];
    if (value === null && nullable) return null;
    if (typeof value !== "string") throw new Error(`${column} is not text`);
    return value;
  };
  const json = (column: Column) => {
    const value = record[column];
    if (format === "ndjson" || value === null) return (value ?? null) as AuditEvent["before"];
    return JSON.parse(text(column)!) as AuditEvent["before"];
  };
  const sequence = text("sequence", false)!;
  if (!/^\d+$/.test(sequence)) throw new Error("sequence is not a number");
  const occurredAt = new Date(text("occurredAt", false)!);
  if (Number.isNaN(occurredAt.getTime())) throw new Error("occurredAt is not a date");
  return {
    sequence: BigInt(sequence),
    occurredAt,
    actorId: text("actorId"),
    actorEmail: text("actorEmail"),
    actorRole: text("actorRole") as AuditEvent["actorRole"],
    action: text("action", false)!,
    outcome: text("outcome", false) as AuditEvent["outcome"],
    resourceType: text("resourceType", false)!,
    resourceId: text("resourceId"),
    teamId: text("teamId"),
    before: json("before"),
    after: json("after"),
    reason: text("reason"),
    requestId: text("requestId", false)!,
    sourceIp: text("sourceIp"),
    userAgent: text("userAgent"),
    prevHash: text("prevHash"),
    hash: text("hash"),
  };
}
