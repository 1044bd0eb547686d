// What the launcher's thread and its log thread say to each other (./thread.ts, ./serve.ts): structured-cloned plain
// data, so a Date stays a Date. A follow carries the target's connection, its credentials opened: a worker thread is
// part of this process, and they go nowhere else.
import type { ProviderErrorKind } from "@/providers/errors";
import type { LogLine, LogQuery, ResourceRef, TargetConnection } from "@/providers/types";

/** Lines a follow may send ahead of what its reader took; the reader grants more as it takes them. */
export const CREDIT_WINDOW = 256;

export type ToWorker =
  | { type: "follow"; id: number; kind: string; ref: ResourceRef; connection: TargetConnection; query: Omit<LogQuery, "signal"> }
  | { type: "credit"; id: number; lines: number }
  | { type: "stop"; id: number };

/** How a follow failed: a cloud's refusal in its words (a ProviderError's parts), or a fault of Bulkhead's. */
export type Failure = { provider: { kind: ProviderErrorKind; message: string; field?: string } } | { fault: { message: string; stack?: string } };

export type FromWorker = { type: "line"; id: number; line: LogLine } | { type: "end"; id: number } | { type: "failed"; id: number; failure: Failure };
