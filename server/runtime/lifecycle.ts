// What this process is doing, for readiness: kept on globalThis because the launcher (which starts and stops the
// parts) and the dashboard's server bundle (which answers /api/ready) load this module separately.
import { setting } from "@/server/config/env";

interface Lifecycle {
  /** This process runs job workers, and they are taking jobs (not any more once a stop begins). */
  workersRunning: boolean;
  /** Whether this process was started to run workers at all (BULKHEAD_WORKERS). */
  runsWorkers: boolean;
}

const holder = globalThis as unknown as { bulkheadLifecycle?: Lifecycle };

export function lifecycle(): Lifecycle {
  holder.bulkheadLifecycle ??= { workersRunning: false, runsWorkers: setting("BULKHEAD_WORKERS") !== "0" };
  return holder.bulkheadLifecycle;
}
