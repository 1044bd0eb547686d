// Logs read as text with an RFC 3339 stamp before each line (Docker's and the kubelet's `timestamps` form: ACI's
// Containers - List Logs, Kubernetes' pod log), and choosing the lines a LogQuery asks for. Neither API filters by
// text; ACI selects by count only (`tail`), Kubernetes by time and count per pod (`sinceTime`, `tailLines`). The
// rest is applied here. Pure.
import type { LogLine, LogQuery } from "./types";

/** A line with its time to the nanosecond, so lines within one millisecond keep their order. */
export interface StampedLine {
  ns: bigint;
  line: LogLine;
}

export const DEFAULT_LIMIT = 1000;
// The stamp, one space, the line as printed (a stamp alone is an empty line).
const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)(?: (.*))?$/;
export const nsOf = (date: Date) => BigInt(date.getTime()) * 1_000_000n;

/** One line of a log read with timestamps; a line without a stamp (part of a longer one) takes `before`'s time. */
export function parseLine(text: string, instance: string, before?: StampedLine): StampedLine | undefined {
  const stamp = STAMPED.exec(text);
  if (!stamp) return before && { ns: before.ns, line: { ...before.line, message: text } };
  const [, seconds, fraction = "", zone, message = ""] = stamp;
  const ns = BigInt(Date.parse(`${seconds}${zone}`)) * 1_000_000n + BigInt(fraction.padEnd(9, "0"));
  return { ns, line: { time: new Date(Number(ns / 1_000_000n)).toISOString(), message, instance } };
}

/** Each line of a whole log read with timestamps. */
export function parseLog(content: string, instance: string): StampedLine[] {
  const out: StampedLine[] = [];
  for (const text of content.split("\n")) {
    if (text === "") continue;
    const line = parseLine(text, instance, out.at(-1));
    if (line) out.push(line);
  }
  return out;
}

/** Whether a line is one the query asks for, by time and text (not by count); `until` does not bound a follower. */
export function wanted(line: StampedLine, query: LogQuery): boolean {
  if (query.since && line.ns < nsOf(query.since)) return false;
  if (!query.follow && query.until && line.ns >= nsOf(query.until)) return false;
  return query.filter === undefined || line.line.message.includes(query.filter);
}

/** The newest `limit` wanted lines of all sources (pods), oldest first (a stable sort keeps each one's own order). */
export function chosen(lines: StampedLine[], query: LogQuery): LogLine[] {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (limit <= 0) return [];
  const sorted = lines.filter((line) => wanted(line, query)).sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  return sorted.slice(-limit).map((line) => line.line);
}

/**
 * The tail to ask of each source: its last `limit` lines hold its share of the answer unless lines are dropped from
 * the end (until) or anywhere (filter); then all of them.
 */
export const tailFor = (query: LogQuery): number | undefined => (query.filter !== undefined || (query.until && !query.follow) ? undefined : Math.max(0, query.limit ?? DEFAULT_LIMIT));

/** Where a follower of one source has read up to: the newest time seen, and the lines at exactly that time already given. */
export interface Cursor {
  ns: bigint;
  atNs: Set<string>;
}

export const startCursor = (): Cursor => ({ ns: -1n, atNs: new Set() });

/** Whether `line` comes after the cursor; if so the cursor moves to it. */
export function advance(cursor: Cursor, { ns, line }: StampedLine): boolean {
  if (ns < cursor.ns || (ns === cursor.ns && cursor.atNs.has(line.message))) return false;
  if (ns > cursor.ns) {
    cursor.ns = ns;
    cursor.atNs = new Set();
  }
  cursor.atNs.add(line.message);
  return true;
}
