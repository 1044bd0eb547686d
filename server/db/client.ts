import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { databaseTimeouts } from "./availability";
import { ChannelListener, type ChannelHandlers } from "./channel-listener";
import { PrismaClient, type Prisma } from "./generated/client";
import { setting } from "@/server/config/env";
import { logger } from "@/server/observability/logger";

/** A transaction client: services that change state take one so their audit event shares the transaction. */
export type Tx = Prisma.TransactionClient;

// One client per process, created on first use so DATABASE_URL may be set by the launcher first.
// Kept on globalThis so that Next's dev reloads and test re-imports do not open pool after pool.
// Typed slots on globalThis (one per process, kept across Next's dev reloads): a global `var` is how TypeScript declares one.
declare global {
  var bulkheadDb: PrismaClient | undefined;
  var bulkheadPool: pg.Pool | undefined;
  var bulkheadListeners: ChannelListener[] | undefined;
}
const holder = globalThis;

/** How long a pooled connection may sit idle before it is closed. */
const POOL_IDLE_MS = 60_000;

export function db(): PrismaClient {
  if (!holder.bulkheadDb) {
    const connectionString = setting("DATABASE_URL");
    // A stalled database must not hang requests: Postgres cancels long statements (statement_timeout), the client
    // stops waiting for an answer at the same moment (query_timeout: a frozen server cancels nothing), and waiting
    // for a pooled connection is bounded too (./availability.ts). Under load a transaction queues twice: for a
    // pooled connection, then for the audit chain's lock; Prisma's own limits (2 s to start, 5 s in all) failed
    // deploys outright with 16 at once beside the job workers (bench P5), so they follow the pool's and wait longer.
    //
    // pg closes a connection idle for 10 s by default, so a replica quiet that long opened its whole pool again on the
    // next burst (a Postgres backend started and authenticated per connection, the session statement prepared again)
    // while the burst's requests waited: each of bench P4's rounds follows 10 s of the other side's. A minute keeps
    // the pool through such a pause and still gives the connections back to Postgres when a replica is idle.
    const { statementMs, poolMs } = databaseTimeouts();
    const pool = new pg.Pool({ connectionString, statement_timeout: statementMs, query_timeout: statementMs, connectionTimeoutMillis: poolMs, idleTimeoutMillis: POOL_IDLE_MS });
    // An idle connection that Postgres ends (a restart, pg_terminate_backend) is reported on the pool; unheard, it
    // would be an uncaught exception. adapter-pg listens only once Prisma has connected, and the session read
    // (dbPool) may come first. The pool opens another connection when one is next needed. Only the error's code and
    // message are logged: pg-pool hangs the whole connection object on the error.
    pool.on("error", (error: Error & { code?: string }) =>
      logger().warn({ code: error.code, reason: error.message }, "an idle database connection ended; the pool opens another when needed"),
    );
    holder.bulkheadPool = pool;
    holder.bulkheadDb = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), transactionOptions: { maxWait: poolMs, timeout: 30_000 } });
  }
  return holder.bulkheadDb;
}

/**
 * The connection pool under db(), same limits and timeouts, for the one statement every request runs (the caller's
 * session, server/identity/session.ts): there a named statement, prepared once per connection, skips Prisma's
 * per-query work and Postgres' planning. Everything else goes through db().
 */
export function dbPool(): pg.Pool {
  db();
  return holder.bulkheadPool!;
}

/** Starts listening on a channel of db()'s database, until disconnectDb (./channel-listener.ts). */
export function listenTo(channel: string, handlers: ChannelHandlers): ChannelListener {
  const listener = new ChannelListener(setting("DATABASE_URL"), channel, handlers, databaseTimeouts().poolMs);
  (holder.bulkheadListeners ??= []).push(listener);
  listener.start();
  return listener;
}

export async function disconnectDb(): Promise<void> {
  const listeners = holder.bulkheadListeners ?? [];
  holder.bulkheadListeners = undefined;
  await Promise.all(listeners.map((listener) => listener.stop()));
  await holder.bulkheadDb?.$disconnect();
  holder.bulkheadDb = undefined;
  holder.bulkheadPool = undefined;
}
