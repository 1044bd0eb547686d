// What this process is doing, for readiness: kept on globalThis because the launcher (which starts and stops the
// parts) and the dashboard's server bundle (which answers /api/ready) load this module separately.
import { setting } from "@/server/config/env";

interface Lifecycle {
  /** This process runs job workers, and they are taking jobs (not any more once a stop begins). */
  workersRunning: boolean;
  /** Whether this process was started to run workers at all (BULKHEAD_WORKERS). */
  runsWorkers: boolean;
}

// Typed slots on globalThis (one per process, kept across Next's dev reloads): a global `var` is how TypeScript declares one.
declare global {
  var bulkheadLifecycle: Lifecycle | undefined;
}
const holder = globalThis;

export function lifecycle(): Lifecycle {
  holder.bulkheadLifecycle ??= { workersRunning: false, runsWorkers: setting("BULKHEAD_WORKERS") !== "0" };
  return holder.bulkheadLifecycle;
}
