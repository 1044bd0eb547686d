import { pino, type DestinationStream, type Logger } from "pino";
import { setting } from "@/server/config/env";

// One JSON line per event on stdout (pino), for whatever collects the process's output. Lines say what happened
// and to whom (request id, actor id and role, procedure, status, duration), never what was typed: inputs are not
// logged, and the fields that could hold a secret are censored should one ever be passed in.

/** Field paths pino blanks out wherever they appear, one or two levels down. */
const SECRET_FIELDS = ["password", "newPassword", "token", "secret", "secretAccessKey", "clientSecret", "privateKey", "serviceAccountKey", "authorization", "cookie", "credentials"];
const REDACT = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

// Typed slots on globalThis (one per process, kept across Next's dev reloads): a global `var` is how TypeScript declares one.
declare global {
  var bulkheadLogger: Logger | undefined;
  var bulkheadAccessLogger: Logger | undefined;
  var bulkheadStdout: DestinationStream | undefined;
}
const holder = globalThis;

/**
 * stdout, written asynchronously: lines that come while a write is under way go out together in the next one, so
 * under load a request's two lines do not cost two system calls on its thread (bench P4), and at rest a line is
 * written at once. pino flushes what is pending when the process exits; only a SIGKILL can lose the last lines. One
 * stream for both loggers: two writing batches to one pipe at once could interleave them mid-line.
 */
function stdout(): DestinationStream {
  holder.bulkheadStdout ??= pino.destination({ dest: 1, sync: false });
  return holder.bulkheadStdout;
}

function create(destination: DestinationStream = stdout(), level: string = setting("BULKHEAD_LOG_LEVEL"), redacted = true): Logger {
  return pino(
    {
      level,
      base: { service: "bulkhead", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(redacted ? { redact: { paths: REDACT, censor: "[redacted]" } } : {}),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** The process's logger (kept on globalThis: the launcher and the dashboard's server bundle share it). */
export function logger(): Logger {
  holder.bulkheadLogger ??= create();
  return holder.bulkheadLogger;
}

/**
 * For the two lines every request writes (the request, and the procedure it called). Their fields are ids, names,
 * numbers and a path without its query, set by Bulkhead's own code and typed there, so nothing in them can hold a
 * secret and they skip the redaction walk, which took 2% of a list call's CPU (bench P4). Same output as logger().
 */
export function accessLogger(): Logger {
  holder.bulkheadAccessLogger ??= create(undefined, undefined, false);
  return holder.bulkheadAccessLogger;
}

/** Sends every later line to `destination` instead of stdout (tests read what would have been logged). */
export function logTo(destination: DestinationStream, level = "info"): void {
  holder.bulkheadLogger = create(destination, level);
  holder.bulkheadAccessLogger = create(destination, level, false);
}
