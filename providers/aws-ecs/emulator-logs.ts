// Amazon CloudWatch Logs on the emulator's port (awsJson1.1, X-Amz-Target `Logs_20140328.<Operation>`): the reads a
// client makes of the awslogs driver's output, FilterLogEvents, GetLogEvents, DescribeLogStreams and
// DescribeLogGroups, with the checks and refusals of the CloudWatch Logs API reference. Timestamps are epoch
// milliseconds. The events are computed from the clock (./emulator-log-streams.ts), so no log is stored.
import { createHash } from "node:crypto";
import { type PrintedLine, printedBetween } from "../emulated-container";
import { ACCOUNT_ID, type EcsStore, type Region } from "./emulator-state";
import { matcherOf } from "./emulator-filter-pattern";
import { type LogStream, logStreams } from "./emulator-log-streams";
import { EcsApiError, type Input, optBool, optInt, optString, stringList } from "./emulator-wire";

export interface LogsContext {
  store: EcsStore;
  region: Region;
  now: number;
  probePeriodMs?: number;
}

export interface LogEvent {
  stream: LogStream;
  line: PrintedLine;
}

const invalid = (message: string) => new EcsApiError("InvalidParameterException", message);
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const EVENTS_MAX = 10_000;

const groupArn = (region: string, name: string) => `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${name}`;

/** The group a request names: logGroupName or logGroupIdentifier (a name or an ARN), exactly one of them. */
export function groupOf({ store, region, now, probePeriodMs }: LogsContext, input: Input): { name: string; streams: LogStream[] } {
  const byName = optString(input, "logGroupName");
  const identifier = optString(input, "logGroupIdentifier");
  if (byName !== undefined && identifier !== undefined) throw invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  const ref = byName ?? identifier;
  if (ref === undefined) throw invalid("Either logGroupName or logGroupIdentifier is required.");
  const name = ref.startsWith("arn:") ? ref.replace(/:\*$/, "").slice(ref.indexOf(":log-group:") + ":log-group:".length) : ref;
  if (ref.startsWith("arn:") && (!ref.includes(":log-group:") || !ref.startsWith(`arn:aws:logs:${region.name}:`))) throw invalid(`Invalid log group ARN: ${ref}`);
  if (!GROUP_NAME.test(name)) throw invalid(`Invalid log group name: ${name}`);
  const streams = logStreams(store, region, now, probePeriodMs, name).get(name);
  if (!streams) throw new EcsApiError("ResourceNotFoundException", "The specified log group does not exist.");
  return { name, streams };
}

function limitOf(input: Input, max: number): number {
  const limit = optInt(input, "limit") ?? max;
  if (limit < 1 || limit > max) throw invalid(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  return limit;
}

function timeOf(input: Input, key: string): number | undefined {
  const value = optInt(input, key);
  if (value !== undefined && value < 0) throw invalid(`1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  return value;
}

/** Paging tokens are opaque; an offset into the answer, in base64, is opaque enough (new events only ever come after). */
function offsetOf(input: Input, key: string): number {
  const token = optString(input, key);
  if (token === undefined) return 0;
  const offset = Number(Buffer.from(token.replace(/^[fb]\//, ""), "base64").toString());
  if (!Number.isInteger(offset) || offset < 0) throw invalid("The specified nextToken is invalid.");
  return offset;
}
const tokenOf = (offset: number) => Buffer.from(String(offset)).toString("base64");

/** The lines the streams hold at or after `from` and before `to`, oldest first (ties: by stream name). */
export function eventsBetween(streams: LogStream[], from: number, to: number, matches: (message: string) => boolean): LogEvent[] {
  const events = streams.flatMap((stream) => printedBetween(stream.container, from, to).map((line) => ({ stream, line })));
  return events.filter(({ line }) => matches(line.message)).sort((a, b) => a.line.at - b.line.at || (a.stream.name < b.stream.name ? -1 : a.stream.name > b.stream.name ? 1 : 0));
}

/** Event ids are long decimal strings in CloudWatch Logs; these are derived from the event, stable between reads. */
export const eventIdOf = ({ stream, line }: LogEvent, index: number) => BigInt(`0x${createHash("sha256").update(`${stream.name}:${line.at}:${index}:${line.message}`).digest("hex").slice(0, 40)}`).toString().padStart(56, "0");

export const eventView = (event: LogEvent) => ({ timestamp: event.line.at, message: event.line.message, ingestionTime: event.line.at });

function filterLogEvents(context: LogsContext, input: Input) {
  const { streams } = groupOf(context, input);
  const names = stringList(input, "logStreamNames");
  const prefix = optString(input, "logStreamNamePrefix");
  if (names !== undefined && prefix !== undefined) throw invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  if (names !== undefined && (names.length < 1 || names.length > 100)) throw invalid("logStreamNames must hold between 1 and 100 names.");
  const startTime = timeOf(input, "startTime");
  const endTime = timeOf(input, "endTime");
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) throw invalid("startTime must be less than or equal to endTime.");
  const limit = limitOf(input, EVENTS_MAX);
  const matches = matcherOf(optString(input, "filterPattern"));
  optBool(input, "interleaved");
  const chosen = streams.filter((stream) => (names ? names.includes(stream.name) : stream.name.startsWith(prefix ?? "")));
  // endTime is inclusive here: "Events with a timestamp later than this time are not returned."
  const to = Math.min(context.now + 1, endTime === undefined ? Infinity : endTime + 1);
  const all = eventsBetween(chosen, startTime ?? 0, to, matches);
  const offset = offsetOf(input, "nextToken");
  const page = all.slice(offset, offset + limit);
  const next = offset + page.length;
  return {
    events: page.map((event, index) => ({ logStreamName: event.stream.name, eventId: eventIdOf(event, offset + index), ...eventView(event) })),
    searchedLogStreams: chosen.map((stream) => ({ logStreamName: stream.name, searchedCompletely: next >= all.length })),
    ...(next < all.length ? { nextToken: tokenOf(next) } : {}),
  };
}

function getLogEvents(context: LogsContext, input: Input) {
  const { streams } = groupOf(context, input);
  const name = optString(input, "logStreamName");
  if (!name) throw invalid("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null");
  const stream = streams.find((candidate) => candidate.name === name);
  if (!stream) throw new EcsApiError("ResourceNotFoundException", "The specified log stream does not exist.");
  const startTime = timeOf(input, "startTime");
  // endTime is exclusive here: "Events with a timestamp equal to or later than this time are not included."
  const endTime = timeOf(input, "endTime");
  const limit = limitOf(input, EVENTS_MAX);
  const all = eventsBetween([stream], startTime ?? 0, Math.min(context.now + 1, endTime ?? Infinity), () => true);
  // From the head, a page starts at the token; from the tail (the default), it ends there.
  const token = optString(input, "nextToken");
  if (token !== undefined && !/^[fb]\//.test(token)) throw invalid("The specified nextToken is invalid.");
  const forward = token ? token.startsWith("f/") : (optBool(input, "startFromHead") ?? false);
  const at = token ? offsetOf(input, "nextToken") : forward ? 0 : all.length;
  const [from, to] = forward ? [at, Math.min(all.length, at + limit)] : [Math.max(0, at - limit), Math.min(at, all.length)];
  return { events: all.slice(from, to).map(eventView), nextForwardToken: `f/${tokenOf(to)}`, nextBackwardToken: `b/${tokenOf(from)}` };
}

function describeLogStreams(context: LogsContext, input: Input) {
  const { streams } = groupOf(context, input);
  const prefix = optString(input, "logStreamNamePrefix");
  const orderBy = optString(input, "orderBy") ?? "LogStreamName";
  if (orderBy !== "LogStreamName" && orderBy !== "LastEventTime") throw invalid(`1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`);
  if (orderBy === "LastEventTime" && prefix !== undefined) throw invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
  const limit = limitOf(input, 50);
  const views = streams
    .filter((stream) => stream.name.startsWith(prefix ?? ""))
    .map((stream) => {
      const last = printedBetween(stream.container, Math.max(stream.container.startedAt, context.now - 2 * stream.container.probePeriodMs), context.now + 1).at(-1)?.at ?? stream.container.startedAt;
      return {
        logStreamName: stream.name,
        creationTime: stream.container.startedAt,
        firstEventTimestamp: stream.container.startedAt,
        lastEventTimestamp: last,
        lastIngestionTime: last,
        arn: `${groupArn(context.region.name, stream.group)}:log-stream:${stream.name}`,
        storedBytes: 0,
      };
    })
    .sort((a, b) => (orderBy === "LastEventTime" ? a.lastEventTimestamp - b.lastEventTimestamp : a.logStreamName < b.logStreamName ? -1 : a.logStreamName > b.logStreamName ? 1 : 0));
  if (optBool(input, "descending")) views.reverse();
  const offset = offsetOf(input, "nextToken");
  const page = views.slice(offset, offset + limit);
  return { logStreams: page, ...(offset + limit < views.length ? { nextToken: tokenOf(offset + limit) } : {}) };
}

function describeLogGroups(context: LogsContext, input: Input) {
  const prefix = optString(input, "logGroupNamePrefix");
  const limit = limitOf(input, 50);
  const groups = [...logStreams(context.store, context.region, context.now, context.probePeriodMs)]
    .filter(([name]) => name.startsWith(prefix ?? ""))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, streams]) => ({
      logGroupName: name,
      creationTime: Math.min(...streams.map((stream) => stream.container.startedAt)),
      metricFilterCount: 0,
      arn: `${groupArn(context.region.name, name)}:*`,
      logGroupArn: groupArn(context.region.name, name),
      storedBytes: 0,
      logGroupClass: "STANDARD",
    }));
  const offset = offsetOf(input, "nextToken");
  return { logGroups: groups.slice(offset, offset + limit), ...(offset + limit < groups.length ? { nextToken: tokenOf(offset + limit) } : {}) };
}

export const logsOperations: Record<string, (context: LogsContext, input: Input) => object> = {
  FilterLogEvents: filterLogEvents,
  GetLogEvents: getLogEvents,
  DescribeLogStreams: describeLogStreams,
  DescribeLogGroups: describeLogGroups,
};
