// A service's log lines from CloudWatch Logs, where the awslogs driver of its task definition writes them (plan.ts):
// FilterLogEvents for the range, StartLiveTail's event stream to follow. The query's filter becomes a quoted term of
// CloudWatch's filter pattern (case-sensitive substring) and is checked again here, as are since and until. A follower
// opens its Live Tail session before it reads the range, so no line falls between the two; lines both give are told
// apart by a cursor (the newest time given and the lines given at that time).
import { setTimeout as sleep } from "node:timers/promises";
import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  type LiveTailSessionLogEvent,
  ResourceNotFoundException,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from "@aws-sdk/client-cloudwatch-logs";
import type { LogLine, LogQuery } from "../types";

const DEFAULT_LIMIT = 1000;
/** FilterLogEvents' largest page. */
const PAGE = 10_000;
/** How long a follower waits for the log group to appear (no task has started yet) before it looks again. */
const GROUP_WAIT_MS = 1000;

export interface LogSource {
  client: CloudWatchLogsClient;
  group: string;
  /** Only streams whose names start so: the app container's. */
  streamPrefix: string;
}

interface Seen {
  at: number;
  /** Stream and message of the lines given at `at`. */
  keys: Set<string>;
}

const keyOf = (stream: string, message: string) => `${stream}\n${message}`;

/** A term of CloudWatch's filter pattern that matches the text anywhere, quotes and backslashes escaped. */
export const quotedTerm = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** The task id a stream `<prefix>/<container>/<task id>` belongs to. */
const instanceOf = (stream: string) => stream.slice(stream.lastIndexOf("/") + 1);

function lineOf(stream: string, timestamp: number, message: string): LogLine {
  return { time: new Date(timestamp).toISOString(), message: message.replace(/\r?\n$/, ""), instance: instanceOf(stream) };
}

/** Resolves after `ms`, or at once when the signal aborts (the abort is how a follower ends, not a failure). */
const pause = (ms: number, signal: AbortSignal | undefined) => sleep(ms, undefined, { signal }).catch(() => undefined);

interface Stamped {
  stream: string;
  at: number;
  message: string;
}

function wanted(line: Stamped, query: LogQuery, following: boolean): boolean {
  if (query.since && line.at < query.since.getTime()) return false;
  if (!following && query.until && line.at >= query.until.getTime()) return false;
  return query.filter === undefined || line.message.includes(query.filter);
}

function isNew(line: Stamped, seen: Seen): boolean {
  return line.at > seen.at || (line.at === seen.at && !seen.keys.has(keyOf(line.stream, line.message)));
}

function remember(seen: Seen, line: Stamped): Seen {
  if (line.at > seen.at) return { at: line.at, keys: new Set([keyOf(line.stream, line.message)]) };
  seen.keys.add(keyOf(line.stream, line.message));
  return seen;
}

/** The log group's ARN (Live Tail names groups by ARN), or undefined while it does not exist. */
async function groupArn(source: LogSource, signal: AbortSignal | undefined): Promise<string | undefined> {
  const { logGroups } = await source.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: source.group, limit: 50 }), { abortSignal: signal });
  return logGroups?.find((group) => group.logGroupName === source.group)?.logGroupArn;
}

/** The wanted lines at or after `from` (and before `until` unless following), oldest first; the newest `keep` of them. */
async function readRange(source: LogSource, query: LogQuery, following: boolean, from: number | undefined, keep: number): Promise<Stamped[]> {
  const kept: Stamped[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const answer = await source.client.send(
        new FilterLogEventsCommand({
          logGroupName: source.group,
          logStreamNamePrefix: source.streamPrefix,
          ...(from !== undefined ? { startTime: from } : {}),
          // FilterLogEvents' endTime is inclusive; `until` is not.
          ...(!following && query.until ? { endTime: query.until.getTime() - 1 } : {}),
          ...(query.filter !== undefined ? { filterPattern: quotedTerm(query.filter) } : {}),
          limit: PAGE,
          nextToken,
        }),
        { abortSignal: query.signal },
      );
      for (const event of answer.events ?? []) {
        const line = { stream: event.logStreamName ?? "", at: event.timestamp ?? 0, message: event.message ?? "" };
        if (wanted(line, query, following)) kept.push(line);
      }
      if (kept.length > 2 * keep) kept.splice(0, kept.length - keep);
      nextToken = answer.nextToken;
    } while (nextToken);
  } catch (error) {
    // No task has started yet, so the group is not there: no lines.
    if (error instanceof ResourceNotFoundException) return [];
    throw error;
  }
  return keep === Infinity ? kept : kept.slice(-keep);
}

/** A Live Tail session on the group, started: its updates' events, until the session ends or the signal aborts. */
async function liveTail(source: LogSource, arn: string, query: LogQuery): Promise<AsyncIterable<LiveTailSessionLogEvent[]>> {
  const { responseStream } = await source.client.send(
    new StartLiveTailCommand({
      logGroupIdentifiers: [arn],
      logStreamNamePrefixes: [source.streamPrefix],
      ...(query.filter !== undefined ? { logEventFilterPattern: quotedTerm(query.filter) } : {}),
    }),
    { abortSignal: query.signal },
  );
  const stream: AsyncIterable<StartLiveTailResponseStream> = responseStream ?? (async function* () {})();
  const iterator = stream[Symbol.asyncIterator]();
  // The session is live once it says it started; lines from then on come through it.
  const first = await iterator.next();
  return (async function* () {
    if (first.done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.SessionTimeoutException) return;
      if (next.value.SessionStreamingException) throw next.value.SessionStreamingException;
      if (next.value.sessionUpdate) yield next.value.sessionUpdate.sessionResults ?? [];
    }
  })();
}

export async function* readLogs(source: LogSource, query: LogQuery): AsyncGenerator<LogLine> {
  const { signal } = query;
  const limit = Math.max(0, query.limit ?? DEFAULT_LIMIT);
  try {
    let arn = query.follow ? await groupArn(source, signal) : undefined;
    let session = arn ? await liveTail(source, arn, query) : undefined;
    let seen: Seen = { at: -Infinity, keys: new Set() };
    // Lines written before the range is read are the range's, whatever the limit leaves out of it.
    const floor = Date.now() - 1;
    const range = limit > 0 ? await readRange(source, query, query.follow === true, query.since?.getTime(), limit) : [];
    for (const line of range) {
      if (signal?.aborted) return;
      seen = remember(seen, line);
      yield lineOf(line.stream, line.at, line.message);
    }
    if (!query.follow) return;
    const fresh = (line: Stamped) => line.at > floor && isNew(line, seen);
    while (!signal?.aborted) {
      if (!session) {
        await pause(GROUP_WAIT_MS, signal);
        if (signal?.aborted) return;
        arn ??= await groupArn(source, signal);
        if (!arn) continue;
        session = await liveTail(source, arn, query);
        // What was written before the session started, since the cursor.
        const since = Math.max(seen.at, floor + 1, query.since?.getTime() ?? 0);
        for (const line of await readRange(source, query, true, since, Infinity)) {
          if (signal?.aborted) return;
          if (!fresh(line)) continue;
          seen = remember(seen, line);
          yield lineOf(line.stream, line.at, line.message);
        }
      }
      for await (const events of session) {
        for (const event of events) {
          if (signal?.aborted) return;
          const line = { stream: event.logStreamName ?? "", at: event.timestamp ?? 0, message: event.message ?? "" };
          if (!wanted(line, query, true) || !fresh(line)) continue;
          seen = remember(seen, line);
          yield lineOf(line.stream, line.at, line.message);
        }
      }
      // The session ended (it lasts three hours at most): a new one, then the lines between the two.
      session = undefined;
    }
  } catch (error) {
    // The abort cancelled the request under way: the follower is done, not failed.
    if (signal?.aborted) return;
    throw error;
  }
}
