// A container's log through Containers - List Logs, and following it. ACI streams a container's output only through
// Containers - Attach, a WebSocket that carries raw stdout without timestamps and needs a WebSocket client; the SDK's
// listLogs with timestamps gives each line its time, so a follower polls it once a second and yields what is newer.
// A poll asks for a short tail, and for the long one only when the short one holds no line already seen (more was
// printed since the last poll than it holds): reading the last thousand lines every second was most of what following
// a long-running container cost, here and in the cloud (bench P4).
import { setTimeout as sleep } from "node:timers/promises";
import type { LogLine, LogQuery } from "@/providers/types";
import { advance, chosen, parseLog, type StampedLine, startCursor, tailFor, wanted } from "@/providers/log-lines";

/** Reads the log's last `tail` lines (all without), with timestamps. */
export type LogReader = (tail: number | undefined, signal: AbortSignal | undefined) => Promise<string>;

const POLL_MS = 1000;
/** The tail a poll asks for first: more than a container usually prints in a second. */
const SHORT_TAIL = 50;
/** Lines one poll can return: far more than a container prints in a second or two. */
const POLL_TAIL = 1000;

/** Resolves after `ms`, or at once when the signal aborts (the abort is how a follower ends, not a failure). */
const pause = (ms: number, signal: AbortSignal | undefined) => sleep(ms, undefined, { signal }).catch(() => undefined);

const printedLines = (content: string) => content.split("\n").filter((line) => line !== "").length;

export async function* readLogs(read: LogReader, instance: string, query: LogQuery): AsyncGenerator<LogLine> {
  const { signal } = query;
  let first: StampedLine[];
  try {
    first = parseLog(await read(tailFor(query), signal), instance);
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
  yield* chosen(first, query);
  if (!query.follow) return;
  const cursor = startCursor();
  for (const line of first) advance(cursor, line);
  while (!signal?.aborted) {
    await pause(POLL_MS, signal);
    if (signal?.aborted) return;
    let lines: StampedLine[];
    try {
      const content = await read(SHORT_TAIL, signal);
      lines = parseLog(content, instance);
      // Every line newer than the cursor and the tail full: lines it did not reach may be new too.
      if (lines.length > 0 && lines[0].ns > cursor.ns && printedLines(content) >= SHORT_TAIL) lines = parseLog(await read(POLL_TAIL, signal), instance);
    } catch (error) {
      // The abort cancelled the request under way: the follower is done, not failed.
      if (signal?.aborted) return;
      throw error;
    }
    for (const line of lines) if (advance(cursor, line) && wanted(line, query)) yield line.line;
  }
}
