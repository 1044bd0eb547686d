// Where a followed log is read: in this thread, through the target's adapter, unless the launcher handed following to
// its log thread (server/runtime/log-thread), which reads it with the same providers' code on another thread.
import type { LogLine, LogQuery, ResourceRef, TargetConnection } from "@/providers/types";

/** Reads a log and keeps following it until the signal aborts; throws as the adapter's `logs` does. */
export type LogFollowing = (kind: string, ref: ResourceRef, connection: TargetConnection, query: LogQuery & { signal: AbortSignal }) => AsyncIterable<LogLine>;

let elsewhere: LogFollowing | null = null;

/** From now on, logs are followed by `following`; null: in this thread again. */
export function followLogsWith(following: LogFollowing | null): void {
  elsewhere = following;
}

/** Who follows logs now, if not this thread. */
export const logFollowing = (): LogFollowing | null => elsewhere;
