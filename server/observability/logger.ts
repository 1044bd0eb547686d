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
}
const holder = globalThis;

function create(destination?: DestinationStream, level: string = setting("BULKHEAD_LOG_LEVEL"), redacted = true): Logger {
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
