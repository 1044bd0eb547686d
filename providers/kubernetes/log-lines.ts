// Reading pods' logs asked with `timestamps=true`, and choosing the lines a LogQuery asks for. The API server selects
// by time (`sinceTime`) and count (`tailLines`) only, per pod; the text filter, `until` and the newest `limit` across
// pods are applied here. Pure.
import type { LogLine, LogQuery } from "../types";

/** A line with its time to the nanosecond (the kubelet's RFC 3339 stamp), so lines within one millisecond keep their order. */
export interface StampedLine {
  ns: bigint;
  line: LogLine;
}

export const DEFAULT_LIMIT = 1000;
const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) (.*)$/;
export const nsOf = (date: Date) => BigInt(date.getTime()) * 1_000_000n;

/** One line of a log read with timestamps; a line without a stamp takes `before`'s time (the kubelet stamps every line, so rare). */
export function parseLine(text: string, instance: string, before?: StampedLine): StampedLine | undefined {
  const stamp = STAMPED.exec(text);
  if (!stamp) return before && { ns: before.ns, line: { ...before.line, message: text } };
  const [, seconds, fraction = "", zone, message] = stamp;
  const ns = BigInt(Date.parse(`${seconds}${zone}`)) * 1_000_000n + BigInt(fraction.padEnd(9, "0"));
  return { ns, line: { time: new Date(Number(ns / 1_000_000n)).toISOString(), message, instance } };
}

/** Whether a line is one the query asks for, by time and text (not by count); `until` does not bound a follower. */
export function wanted(line: StampedLine, query: LogQuery): boolean {
  if (query.since && line.ns < nsOf(query.since)) return false;
  if (!query.follow && query.until && line.ns >= nsOf(query.until)) return false;
  return query.filter === undefined || line.line.message.includes(query.filter);
}

/** The newest `limit` wanted lines of all pods, oldest first (a stable sort keeps each pod's own order). */
export function chosen(lines: StampedLine[], query: LogQuery): LogLine[] {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (limit <= 0) return [];
  const sorted = lines.filter((line) => wanted(line, query)).sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  return sorted.slice(-limit).map((line) => line.line);
}

/**
 * The `tailLines` to ask of each pod: its last `limit` lines hold its share of the answer unless lines are dropped
 * from the end (until) or anywhere (filter); then all of them.
 */
export const tailFor = (query: LogQuery): number | undefined => (query.filter !== undefined || (query.until && !query.follow) ? undefined : Math.max(0, query.limit ?? DEFAULT_LIMIT));

/** Where a follower of one pod has read up to: the newest time seen, and the lines at exactly that time already given. */
export interface Cursor {
  ns: bigint;
  atNs: Set<string>;
}

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
