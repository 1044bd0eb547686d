// CloudWatch Logs StartLiveTail on the emulator: the request is checked as the API reference says (1-10 log groups
// named by ARN; stream names or prefixes only with a single group, not both; a filter pattern), then the answer is an
// event stream (./emulator-eventstream.ts) that opens with sessionStart and carries each new line in a sessionUpdate
// as soon as the simulated container prints it. A session lasts at most three hours ("Live Tail sessions time out
// after 3 hours", then SessionTimeoutException), or until the client hangs up.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { exceptionEvent, jsonEvent } from "./emulator-eventstream";
import { matcherOf } from "./emulator-filter-pattern";
import { eventsBetween, groupOf, type LogsContext } from "./emulator-logs";
import { EcsApiError, type Input, optString, stringList } from "./emulator-wire";

/** How often the session looks for new lines: well within the second or so a Live Tail update takes. */
const TICK_MS = 250;
const SESSION_MS = 3 * 60 * 60 * 1000;
const UPDATE_MAX = 500;

const invalid = (message: string) => new EcsApiError("InvalidParameterException", message);

export interface LiveTail {
  /** Streams the session into the response until it ends, the client leaves or `stopping` aborts. */
  run(response: ServerResponse, stopping: AbortSignal): void;
}

/** Checks the request (throws the API's refusal) and returns the session to run. `context` is read anew at every tick. */
export function startLiveTail(context: () => LogsContext, input: Input): LiveTail {
  const groups = stringList(input, "logGroupIdentifiers");
  if (!groups || groups.length < 1 || groups.length > 10) throw invalid("logGroupIdentifiers must hold between 1 and 10 log group ARNs.");
  for (const group of groups) if (!group.startsWith("arn:") || group.endsWith("*")) throw invalid(`Invalid log group ARN: ${group}. Specify each log group by its ARN, without a trailing *.`);
  const names = stringList(input, "logStreamNames");
  const prefixes = stringList(input, "logStreamNamePrefixes");
  if (names && prefixes) throw invalid("logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.");
  if ((names || prefixes) && groups.length !== 1) throw invalid("logStreamNames and logStreamNamePrefixes can only be used with exactly one log group.");
  const pattern = optString(input, "logEventFilterPattern");
  const matches = matcherOf(pattern);
  // Every group must exist now.
  for (const group of groups) groupOf(context(), { logGroupIdentifier: group });
  const chosen = (name: string) => (names ? names.includes(name) : prefixes ? prefixes.some((prefix) => name.startsWith(prefix)) : true);

  return {
    run(response, stopping) {
      const started = context().now;
      let from = started;
      response.writeHead(200, { "Content-Type": "application/vnd.amazon.eventstream", "x-amzn-RequestId": randomUUID() });
      response.write(
        jsonEvent("sessionStart", { requestId: randomUUID(), sessionId: randomUUID(), logGroupIdentifiers: groups, ...(names ? { logStreamNames: names } : {}), ...(prefixes ? { logStreamNamePrefixes: prefixes } : {}), ...(pattern ? { logEventFilterPattern: pattern } : {}) }),
      );
      const timer = setInterval(() => {
        const now = context().now;
        if (now - started >= SESSION_MS) return end(exceptionEvent("SessionTimeoutException", "The Live Tail session has reached its maximum duration."));
        const results = groups.flatMap((group) => {
          let streams;
          try {
            streams = groupOf(context(), { logGroupIdentifier: group }).streams.filter((stream) => chosen(stream.name));
          } catch {
            // A group that went away meanwhile has no more lines.
            return [];
          }
          return eventsBetween(streams, from, now + 1, matches).map(({ stream, line }) => ({ logStreamName: stream.name, logGroupIdentifier: group, message: line.message, timestamp: line.at, ingestionTime: line.at }));
        });
        from = now + 1;
        results.sort((a, b) => a.timestamp - b.timestamp);
        for (let i = 0; i < results.length; i += UPDATE_MAX) response.write(jsonEvent("sessionUpdate", { sessionMetadata: { sampled: false }, sessionResults: results.slice(i, i + UPDATE_MAX) }));
      }, TICK_MS);
      const end = (last?: Buffer) => {
        clearInterval(timer);
        stopping.removeEventListener("abort", onStop);
        if (!response.writableEnded) response.end(last);
      };
      const onStop = () => end();
      stopping.addEventListener("abort", onStop, { once: true });
      response.once("close", () => end());
    },
  };
}
