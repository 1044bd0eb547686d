// Reading the text of Containers - List Logs asked with timestamps, and choosing the lines a LogQuery asks for. ACI's
// API has no filter and no time range, only `tail`, so every choice but the last lines is made here. Pure.
import type { LogLine, LogQuery } from "@/providers/types";

/** A line with its time to the nanosecond (Docker's RFC 3339 stamp), so lines within one millisecond keep their order. */
export interface StampedLine {
  ns: bigint;
  line: LogLine;
}

export const DEFAULT_LIMIT = 1000;
const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) ?(.*)$/;
const nsOf = (date: Date) => BigInt(date.getTime()) * 1_000_000n;

/** Each line of the log with its time; a line without a stamp (part of a longer one) takes the time of the one before. */
export function parseLog(content: string, instance: string): StampedLine[] {
  const out: StampedLine[] = [];
  for (const text of content.split("\n")) {
    if (text === "") continue;
    const stamp = STAMPED.exec(text);
    if (!stamp) {
      const before = out.at(-1);
      if (before) out.push({ ns: before.ns, line: { ...before.line, message: text } });
      continue;
    }
    const [, seconds, fraction = "", zone, message] = stamp;
    const ns = BigInt(Date.parse(`${seconds}${zone}`)) * 1_000_000n + BigInt(fraction.padEnd(9, "0"));
    out.push({ ns, line: { time: new Date(Number(ns / 1_000_000n)).toISOString(), message, instance } });
  }
  return out;
}

/** Whether a line is one the query asks for, by time and text (not by count). */
export function wanted(line: StampedLine, query: LogQuery, following = false): boolean {
  if (query.since && line.ns < nsOf(query.since)) return false;
  if (!following && query.until && line.ns >= nsOf(query.until)) return false;
  return query.filter === undefined || line.line.message.includes(query.filter);
}

/** The newest `limit` wanted lines, oldest first. */
export function chosen(lines: StampedLine[], query: LogQuery): LogLine[] {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (limit <= 0) return [];
  return lines.filter((line) => wanted(line, query, query.follow)).slice(-limit).map((line) => line.line);
}

/**
 * The `tail` to ask for: the last `limit` lines hold the answer unless lines are dropped from the end (until) or
 * anywhere (filter); then the whole log.
 */
export const tailFor = (query: LogQuery): number | undefined => (query.filter !== undefined || (query.until && !query.follow) ? undefined : Math.max(0, query.limit ?? DEFAULT_LIMIT));

/** Where a follower has read up to: the newest time seen, and the lines at exactly that time already given. */
export interface Cursor {
  ns: bigint;
  atNs: Set<string>;
}

export function cursorAfter(lines: StampedLine[], from: Cursor = { ns: -1n, atNs: new Set() }): Cursor {
  let cursor = from;
  for (const { ns, line } of lines) {
    if (ns > cursor.ns) cursor = { ns, atNs: new Set([line.message]) };
    else if (ns === cursor.ns) cursor.atNs.add(line.message);
  }
  return cursor;
}

/** The lines of a later read that come after the cursor. */
export function after(lines: StampedLine[], cursor: Cursor): StampedLine[] {
  return lines.filter(({ ns, line }) => ns > cursor.ns || (ns === cursor.ns && !cursor.atNs.has(line.message)));
}
