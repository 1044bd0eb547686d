// The launcher's log thread: a worker thread that reads every followed log (server/deployments/log-following.ts), so the
// clouds' log clients (Live Tail's event stream, Cloud Logging's gRPC tail, ACI's poll, the pods' log streams, and the
// TLS under each) do not run on the thread that answers requests: under bench P4 they cost that thread a tenth more CPU
// per answer with 20 logs followed. The thread loads only the clients that read logs (providers/log-readers.ts). It
// starts with the first follow, so a process nobody follows logs on holds no copy of them, and then stays: ended when
// idle, it gave back little of its memory (Node's threads keep their allocator's pages), and a new one cost as much again.
import { Worker } from "node:worker_threads";
import { ProviderError } from "@/providers/errors";
import type { LogLine } from "@/providers/types";
import type { LogFollowing } from "@/server/deployments/log-following";
import { CREDIT_WINDOW, type Failure, type FromWorker, type ToWorker } from "./messages";

interface Follower {
  lines: LogLine[];
  ended: boolean;
  failure?: Error;
  /** Wakes the reader waiting for a line. */
  wake?: () => void;
}

const errorOf = (failure: Failure): Error => {
  if ("provider" in failure) return new ProviderError(failure.provider.kind, failure.provider.message, failure.provider.field);
  const error = new Error(failure.fault.message);
  if (failure.fault.stack) error.stack = failure.fault.stack;
  return error;
};

export interface LogThread {
  follow: LogFollowing;
  /** Follows in progress. */
  following(): number;
  /** Whether the worker thread is running: from the first follow until it is stopped or fails. */
  running(): boolean;
  /** Ends every follow and the thread. */
  stop(): Promise<void>;
}

export function startLogThread(): LogThread {
  const followers = new Map<number, Follower>();
  let worker: Worker | undefined;
  let nextId = 1;

  const wake = (follower: Follower) => {
    follower.wake?.();
    follower.wake = undefined;
  };

  /** The thread went away (it failed, or was stopped): every follow on it ends with that error. */
  function lost(gone: Worker, error: Error) {
    if (worker !== gone) return;
    worker = undefined;
    for (const follower of followers.values()) {
      follower.failure ??= error;
      wake(follower);
    }
  }

  function thread(): Worker {
    if (worker) return worker;
    // tsx here as in the launcher; no other flag of the process (a CPU profile, V8's memory settings) is the thread's.
    const started = new Worker(new URL("./worker.ts", import.meta.url), { execArgv: ["--import", "tsx"] });
    started.on("message", (message: FromWorker) => {
      const follower = followers.get(message.id);
      if (!follower) return;
      if (message.type === "line") follower.lines.push(message.line);
      else if (message.type === "end") follower.ended = true;
      else follower.failure = errorOf(message.failure);
      wake(follower);
    });
    started.on("error", (error) => lost(started, error));
    started.on("exit", (code) => lost(started, new Error(`The log thread stopped (exit code ${code})`)));
    // Never what keeps the process alive: the launcher's stop ends it.
    started.unref();
    worker = started;
    return started;
  }

  async function* follow(...[kind, ref, connection, { signal, ...query }]: Parameters<LogFollowing>): AsyncGenerator<LogLine> {
    if (signal.aborted) return;
    const id = nextId++;
    const follower: Follower = { lines: [], ended: false };
    followers.set(id, follower);
    const on = thread();
    const post = (message: ToWorker) => on.postMessage(message);
    const aborted = () => wake(follower);
    signal.addEventListener("abort", aborted, { once: true });
    let taken = 0;
    try {
      post({ type: "follow", id, kind, ref, connection, query });
      for (;;) {
        const line = follower.lines.shift();
        if (line) {
          yield line;
          // The reader took half the window: the thread may send that many more.
          if (++taken === CREDIT_WINDOW / 2) {
            post({ type: "credit", id, lines: taken });
            taken = 0;
          }
          continue;
        }
        if (signal.aborted || follower.ended) return;
        if (follower.failure) throw follower.failure;
        await new Promise<void>((resolve) => (follower.wake = resolve));
      }
    } finally {
      signal.removeEventListener("abort", aborted);
      followers.delete(id);
      if (worker === on && !follower.ended && !follower.failure) post({ type: "stop", id });
    }
  }

  return {
    follow,
    following: () => followers.size,
    running: () => worker !== undefined,
    async stop() {
      const ending = worker;
      if (ending) {
        lost(ending, new Error("The log thread was stopped"));
        await ending.terminate();
      }
    },
  };
}
