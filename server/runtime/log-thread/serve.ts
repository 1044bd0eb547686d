// What the log thread does (./worker.ts runs it there): follows each log it is asked to with its provider's log reader,
// and sends the lines back one by one, never more than the credit the other side granted, so a slow browser holds its
// follow back here as it would in one thread.
import type { MessagePort } from "node:worker_threads";
import { ProviderError } from "@/providers/errors";
import type { LogReader } from "@/providers/types";
import { CREDIT_WINDOW, type Failure, type FromWorker, type ToWorker } from "./messages";

interface Follow {
  stop: AbortController;
  credit: number;
  /** Resolves the wait for credit. */
  granted?: () => void;
}

function failureOf(error: unknown): Failure {
  if (error instanceof ProviderError) return { provider: { kind: error.kind, message: error.message, ...(error.field !== undefined ? { field: error.field } : {}) } };
  return { fault: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) } };
}

/** Answers the follows asked for on `port`, reading each with the reader `readerFor` gives its kind of target. */
export function serveFollows(port: Pick<MessagePort, "on" | "postMessage">, readerFor: (kind: string) => Promise<LogReader>): void {
  const follows = new Map<number, Follow>();
  const send = (message: FromWorker) => port.postMessage(message);

  async function follow({ id, kind, ref, connection, query }: Extract<ToWorker, { type: "follow" }>): Promise<void> {
    const state: Follow = { stop: new AbortController(), credit: CREDIT_WINDOW };
    follows.set(id, state);
    const { signal } = state.stop;
    try {
      const read = await readerFor(kind);
      for await (const line of read(ref, connection, { ...query, signal })) {
        while (state.credit === 0 && !signal.aborted) await new Promise<void>((resolve) => (state.granted = resolve));
        if (signal.aborted) break;
        state.credit--;
        send({ type: "line", id, line });
      }
      if (!signal.aborted) send({ type: "end", id });
    } catch (error) {
      if (!signal.aborted) send({ type: "failed", id, failure: failureOf(error) });
    } finally {
      follows.delete(id);
    }
  }

  port.on("message", (message: ToWorker) => {
    if (message.type === "follow") return void follow(message);
    const state = follows.get(message.id);
    if (!state) return;
    if (message.type === "credit") state.credit += message.lines;
    else state.stop.abort();
    state.granted?.();
    state.granted = undefined;
  });
}
