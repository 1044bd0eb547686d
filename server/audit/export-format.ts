// How an audit event is written to an export file and read back by the offline verifier. Every field that
// chain.ts hashes is written, so each event's hash can be recomputed from the file alone.
// Postgres writes the lines itself (COPY, exportCopySql): building them in JS from Prisma rows made an export
// ten times slower than COPY (bench P2). csv-parse (the `csv` project) lets the verifier stream a file of
// millions of rows.
import type { CastingContext } from "csv-parse";
import type { AuditEvent } from "@/server/db/generated/client";

export type ExportFormat = "csv" | "ndjson";

/** Column order of the CSV and key order of each NDJSON line. */
export const EXPORT_COLUMNS = [
  "sequence", "occurredAt", "actorId", "actorEmail", "actorRole", "action", "outcome", "resourceType", "resourceId",
  "teamId", "before", "after", "reason", "requestId", "sourceIp", "userAgent", "prevHash", "hash",
] as const;
type Column = (typeof EXPORT_COLUMNS)[number];

/** A column as the file's text: the time as JavaScript's toISOString() writes it, the rest as Postgres' text
 * (before/after: their JSON, key order as stored). */
function columnSql(column: Column): string {
  if (column === "occurredAt") return `to_char("occurredAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return `"${column}"::text`;
}

/**
 * `COPY (SELECT <line> FROM "AuditEvent" WHERE <where> ORDER BY "sequence") TO STDOUT …` writing one event per
 * line. CSV: every non-null value quoted (FORCE_QUOTE, inner quotes doubled, RFC 4180), so a null, an empty
 * unquoted field, stays apart from the empty string. NDJSON: one json_build_object per line (columns in order,
 * before/after as JSON); COPY's CSV mode with a delimiter and quote that JSON text never holds raw (it escapes
 * every control character) writes it byte for byte, where the text mode would double its backslashes.
 */
export function exportCopySql(format: ExportFormat, where: string): string {
  // Qualified: a bare "sequence" would name the output column, sequence as text, and sort 10 before 9.
  const from = `FROM "AuditEvent" WHERE ${where} ORDER BY "AuditEvent"."sequence"`;
  if (format === "ndjson") {
    const pairs = EXPORT_COLUMNS.map((column) => `'${column}', ${column === "before" || column === "after" ? `"${column}"` : columnSql(column)}`);
    return `COPY (SELECT json_build_object(${pairs.join(", ")}) ${from}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`;
  }
  return `COPY (SELECT ${EXPORT_COLUMNS.map(columnSql).join(", ")} ${from}) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)`;
}

/** The CSV file's first line, quoted like the values. */
export const CSV_HEADER = EXPORT_COLUMNS.map((column) => `"${column}"`).join(",") + "\n";

/** csv-parse cast: an unquoted empty field is null (see exportCopySql). */
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
