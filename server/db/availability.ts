// How long the app waits for its database, and how to tell "the database did not answer" from other errors, so a
// stalled or unreachable Postgres gives callers a 503 within these limits instead of a request that hangs.
import { setting } from "@/server/config/env";


export interface DatabaseTimeouts {
  /** Postgres cancels a statement running longer (statement_timeout), and the client stops waiting for it. */
  statementMs: number;
  /** Waiting for a pooled connection (or for a new one to be set up) longer than this fails the call. */
  poolMs: number;
}

export function databaseTimeouts(): DatabaseTimeouts {
  return { statementMs: setting("BULKHEAD_DB_STATEMENT_TIMEOUT_SECONDS") * 1000, poolMs: setting("BULKHEAD_DB_POOL_TIMEOUT_SECONDS") * 1000 };
}

/** node-postgres', Postgres' and Prisma's words for a database that did not answer, or could not be reached. */
const UNAVAILABLE = [
  /Query read timeout/,
  /timeout exceeded when trying to connect/i,
  /canceling statement due to statement timeout/,
  /Connection terminated/i,
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT/,
  /Unable to start a transaction in the given time/,
  /Transaction already closed|expired transaction/i,
  /the database system is (starting up|shutting down)/,
];
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1017", "P2024", "P2028", "57014", "57P01", "57P03"]);

/** Whether `error` (or any error it was caused by) says the database did not answer in time. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { message, code } = current as { message?: unknown; code?: unknown };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === "string" && UNAVAILABLE.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
