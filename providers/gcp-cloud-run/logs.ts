// A Cloud Run service's container output through Cloud Logging (LoggingServiceV2): ListLogEntries for the lines so far,
// TailLogEntries for the lines that follow. Cloud Logging's own filter narrows the read to the service, the time range
// and the text ("Logging query language", https://cloud.google.com/logging/docs/view/logging-query-language); its
// string comparisons ignore case, so every line is checked again here with the case-sensitive meaning LogQuery gives.
import type { protos } from "@google-cloud/logging";
import { status } from "@grpc/grpc-js";
import type { CallOptions, CancellableStream } from "google-gax";
import type { LogLine, LogQuery } from "../types";
import type { LoggingClient } from "./client";
import { grpcCode } from "./map-error";

type Entry = protos.google.logging.v2.ILogEntry;

export const DEFAULT_LIMIT = 1000;
/** "If the value is negative or exceeds 1000, the request is rejected." (ListLogEntriesRequest.page_size) */
const PAGE_MAX = 1000;
/**
 * How long Cloud Logging holds tailed entries back to send them in order (TailLogEntriesRequest.buffer_window, 2000 ms
 * by default): shorter, so a line reaches the follower well within 2 s; a late one still arrives, only out of order.
 */
const TAIL_BUFFER_MS = 500;

/** Whose log: the service and where it runs. */
export interface LogSource {
  projectId: string;
  region: string;
  service: string;
}

/** A string in the query language: quoted, with its quotes and backslashes escaped. */
const quoted = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** Cloud Logging's filter for the service's entries in a time range, containing a text. */
export function logFilter(source: LogSource, { since, until, filter }: Pick<LogQuery, "since" | "until" | "filter">): string {
  return [
    `resource.type="cloud_run_revision"`,
    `resource.labels.service_name=${quoted(source.service)}`,
    `resource.labels.location=${quoted(source.region)}`,
    ...(since ? [`timestamp>=${quoted(since.toISOString())}`] : []),
    ...(until ? [`timestamp<${quoted(until.toISOString())}`] : []),
    ...(filter ? [`textPayload:${quoted(filter)}`] : []),
  ].join(" AND ");
}

/** An entry's time in epoch ms (int64 seconds come as a string, a number or a Long). */
const timeOf = (entry: Entry) => Number(String(entry.timestamp?.seconds ?? 0)) * 1000 + Math.floor((entry.timestamp?.nanos ?? 0) / 1e6);

/** The line an entry holds: the text Cloud Run wrote for a plain line, the `message` of a JSON one. */
function lineOf(entry: Entry): LogLine | undefined {
  const message = entry.textPayload ?? entry.jsonPayload?.fields?.message?.stringValue;
  if (message === undefined || message === null) return undefined;
  const instance = entry.labels?.instanceId;
  return { time: new Date(timeOf(entry)).toISOString(), message, ...(instance ? { instance } : {}) };
}

function wanted(line: LogLine, query: LogQuery, following: boolean): boolean {
  const at = Date.parse(line.time);
  if (query.since && at < query.since.getTime()) return false;
  if (!following && query.until && at >= query.until.getTime()) return false;
  return !query.filter || line.message.includes(query.filter);
}

/** The newest `limit` wanted lines before `until`, oldest first: pages newest first until there are enough. */
async function newest(client: LoggingClient, call: CallOptions, source: LogSource, query: LogQuery, until: Date | undefined): Promise<LogLine[]> {
  const limit = Math.max(0, query.limit ?? DEFAULT_LIMIT);
  if (limit === 0) return [];
  const request = { resourceNames: [`projects/${source.projectId}`], filter: logFilter(source, { since: query.since, until, filter: query.filter }), orderBy: "timestamp desc", pageSize: Math.min(PAGE_MAX, limit) };
  const lines: LogLine[] = [];
  let pageToken = "";
  do {
    const [entries, , response] = await client.listLogEntries({ ...request, pageToken }, { ...call, autoPaginate: false });
    for (const entry of entries) {
      const line = lineOf(entry);
      if (line && wanted(line, { ...query, until }, false)) lines.push(line);
      if (lines.length === limit) break;
    }
    pageToken = response?.nextPageToken ?? "";
  } while (pageToken && lines.length < limit && !query.signal?.aborted);
  return lines.reverse();
}

/** How far back from the newest line given a follower remembers lines, to give each once across tail sessions. */
const HORIZON_MS = 4 * TAIL_BUFFER_MS;

/** The lines a follower gave lately: within the horizon of the newest, by time, instance and text. */
class Given {
  newest = -Infinity;
  private readonly keys = new Map<string, number>();

  private static key = (line: LogLine) => `${line.time}\n${line.instance ?? ""}\n${line.message}`;

  has(line: LogLine): boolean {
    return this.keys.has(Given.key(line));
  }

  add(line: LogLine): void {
    const at = Date.parse(line.time);
    this.newest = Math.max(this.newest, at);
    this.keys.set(Given.key(line), at);
    for (const [key, when] of this.keys) if (when < this.newest - HORIZON_MS) this.keys.delete(key);
  }
}

export interface FollowOptions {
  /**
   * How long one TailLogEntries session lasts before the follower opens the next (the client's own deadline for the
   * call is an hour, logging_service_v2_client_config.json). Unset: that hour.
   */
  tailSessionMs?: number;
}

function openTail(client: LoggingClient, source: LogSource, query: LogQuery, options: FollowOptions): CancellableStream {
  const tail = client.tailLogEntries(options.tailSessionMs ? { timeout: options.tailSessionMs } : undefined);
  tail.write({ resourceNames: [`projects/${source.projectId}`], filter: logFilter(source, { filter: query.filter }), bufferWindow: { seconds: 0, nanos: TAIL_BUFFER_MS * 1e6 } });
  return tail;
}

/** The query's lines; following, then each new one as the tail delivers it, until the signal aborts. */
export async function* readLogs(client: LoggingClient, call: CallOptions, source: LogSource, query: LogQuery, options: FollowOptions = {}): AsyncGenerator<LogLine> {
  const { signal } = query;
  if (signal?.aborted) return;
  if (!query.follow) return yield* await newest(client, call, source, query, query.until);

  // The tail opens before the history is read, so a line written meanwhile is in one or the other: the history
  // ends before `cut`, the tail gives what is written from it on.
  let cut = new Date();
  let tail = openTail(client, source, query, options);
  const stop = () => tail.cancel();
  signal?.addEventListener("abort", stop, { once: true });
  const given = new Given();
  function* give(lines: LogLine[]): Generator<LogLine> {
    for (const line of lines) {
      if (given.has(line)) continue;
      given.add(line);
      yield line;
    }
  }
  try {
    let history = await newest(client, call, source, query, cut);
    for (;;) {
      yield* give(history);
      try {
        for await (const response of tail as AsyncIterable<protos.google.logging.v2.ITailLogEntriesResponse>) {
          // In the order the tail sends them: a line later than the buffer window comes late, out of order.
          const lines = (response.entries ?? []).filter((entry) => timeOf(entry) >= cut.getTime()).map(lineOf);
          yield* give(lines.filter((line): line is LogLine => !!line && wanted(line, query, true)));
        }
        if (!signal?.aborted) throw new Error("Cloud Logging ended the tail of the log before it was stopped");
      } catch (error) {
        if (signal?.aborted || grpcCode(error) !== status.DEADLINE_EXCEEDED) throw error;
      }
      // The session's deadline passed: the next one opens now, and the lines the last one still held in its buffer
      // window are read from the history, from a little before the newest line given.
      const resumeAt = new Date(Math.max(given.newest - HORIZON_MS, cut.getTime(), query.since?.getTime() ?? -Infinity));
      cut = new Date();
      tail = openTail(client, source, query, options);
      history = await newest(client, call, source, { ...query, since: resumeAt, limit: PAGE_MAX }, cut);
    }
  } catch (error) {
    // The abort cancelled the tail (or a read under way): the follower is done, not failed.
    if (signal?.aborted) return;
    throw error;
  } finally {
    signal?.removeEventListener("abort", stop);
    tail.cancel();
  }
}
