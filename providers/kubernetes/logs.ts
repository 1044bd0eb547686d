// An app's log: the lines of each of its pods' container (pods/log with timestamps), merged by time. The range is one
// read per pod; following is one `follow=true` stream per pod, merged as lines arrive. A stream ends when its
// container stops (a restart, a rollout): the follower reopens it from where it was, so a restarted container's new
// lines follow. New pods (a rollout, a rescheduled pod) are picked up as they start through a watch of the app's pods
// from the list's resourceVersion, as kubectl and informers detect changes
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes), not by listing them
// again and again: a list every two seconds per follower was about half of what following cost the product (bench P4).
import { setTimeout as sleep } from "node:timers/promises";
import type { LogLine, LogQuery } from "../types";
import { advance, chosen, type Cursor, parseLine, type StampedLine, startCursor, tailFor, wanted } from "@/providers/log-lines";
import { httpCode } from "./map-error";
import type { PodLogOptions } from "./pod-log-stream";

/** How a follower waits before reopening a pod's stream that ended. */
const REOPEN_MS = 1000;
/** The shortest time between two lists of the pods: a watch the server keeps ending at once is not a busy loop. */
const RELIST_MS = 2000;

/** The app's pods whose container has started, so has a log, and the resourceVersion of the list they came in. */
export interface StartedPods {
  names: string[];
  resourceVersion: string | undefined;
}

export interface PodLogSource {
  pods(): Promise<StartedPods>;
  /**
   * Calls `started` with each pod whose container has started, as the API server reports changes after
   * `resourceVersion`. Resolves when the watch ends, however it ends (the server closed it, the version expired, the
   * connection failed): the follower lists again, and a list that fails is the follower's failure.
   */
  watchPods(resourceVersion: string | undefined, started: (pod: string) => void, signal: AbortSignal): Promise<void>;
  read(pod: string, options: Omit<PodLogOptions, "container">, line: (text: string) => void, signal?: AbortSignal): Promise<void>;
}

const timeOf = (cursor: Cursor) => new Date(Number(cursor.ns / 1_000_000n));

/** Resolves after `ms`, or as soon as the signal aborts. */
const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

export async function* readLogs(source: PodLogSource, query: LogQuery): AsyncGenerator<LogLine> {
  const { signal } = query;
  const started = new Date();
  const cursors = new Map<string, Cursor>();
  const backlog: StampedLine[] = [];
  let listed: StartedPods;
  try {
    listed = await source.pods();
    await Promise.all(
      listed.names.map(async (pod) => {
        const cursor = startCursor();
        cursors.set(pod, cursor);
        let last: StampedLine | undefined;
        try {
          await source.read(pod, { sinceTime: query.since, tailLines: tailFor(query) }, (text) => {
            last = parseLine(text, pod, last);
            if (last && advance(cursor, last)) backlog.push(last);
          }, signal);
        } catch (error) {
          // Deleted since it was listed (404), or its container is between two runs (400): no lines from it now.
          if (httpCode(error) !== 404 && httpCode(error) !== 400) throw error;
        }
      }),
    );
  } catch (error) {
    // The abort cancelled a read under way: the reader is done, not failed.
    if (signal?.aborted) return;
    throw error;
  }
  if (signal?.aborted) return;
  yield* chosen(backlog, query);
  if (query.follow) yield* follow(source, query, cursors, listed.resourceVersion, query.since ?? started);
}

async function* follow(source: PodLogSource, query: LogQuery, cursors: Map<string, Cursor>, listedAt: string | undefined, from: Date): AsyncGenerator<LogLine> {
  const { signal } = query;
  const stop = new AbortController();
  const queue: LogLine[] = [];
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const woken = wake;
    wake = undefined;
    woken?.();
  };
  const onAbort = () => {
    stop.abort();
    notify();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const fail = (error: unknown) => {
    failure ??= { error };
    notify();
  };

  const followed = new Set<string>();
  const followPod = async (pod: string, cursor: Cursor, since: Date | undefined) => {
    followed.add(pod);
    let last: StampedLine | undefined;
    while (!stop.signal.aborted) {
      try {
        // sinceTime is inclusive: the line at the cursor comes again, and the cursor drops it.
        await source.read(pod, { follow: true, sinceTime: cursor.ns >= 0n ? timeOf(cursor) : since }, (text) => {
          last = parseLine(text, pod, last);
          if (!last || !advance(cursor, last) || !wanted(last, query)) return;
          queue.push(last.line);
          notify();
        }, stop.signal);
      } catch (error) {
        // Gone: the pod was deleted. Refused with 400: its container is between two runs; the next try finds it again.
        if (httpCode(error) === 404) return;
        if (httpCode(error) !== 400) return fail(error);
      }
      await pause(REOPEN_MS, stop.signal);
    }
  };
  // A pod that started after the range was read: all of its lines in the query's range are new.
  const found = (pod: string) => {
    if (!followed.has(pod)) void followPod(pod, startCursor(), query.since);
  };
  const discover = async () => {
    let version = listedAt;
    while (!stop.signal.aborted) {
      const watched = Date.now();
      await source.watchPods(version, found, stop.signal);
      await pause(Math.max(0, RELIST_MS - (Date.now() - watched)), stop.signal);
      if (stop.signal.aborted) return;
      try {
        // What changed while no watch was open is in the list; the next watch starts where it was taken.
        const listed = await source.pods();
        listed.names.forEach(found);
        version = listed.resourceVersion;
      } catch (error) {
        return fail(error);
      }
    }
  };

  for (const [pod, cursor] of cursors) void followPod(pod, cursor, from);
  void discover();
  try {
    while (!signal?.aborted) {
      if (failure) throw failure.error;
      const line = queue.shift();
      if (line) {
        yield line;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stop.abort();
    signal?.removeEventListener("abort", onAbort);
  }
}
