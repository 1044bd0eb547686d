import type { Logger } from "pino";
import type { HttpServer } from "./http-server";
import { lifecycle } from "./lifecycle";
import { setting } from "@/server/config/env";

// A graceful stop, in order, on SIGTERM or SIGINT: no new connection is accepted and no new job is taken; the requests already accepted are answered and the jobs in hand finish, until
// BULKHEAD_SHUTDOWN_SECONDS (20); jobs still running then are handed back to the queue, for another process to
// take up at once; then the rest closes, the embedded Postgres last. A second signal exits at once.

type Step = { name: string; run: () => Promise<unknown> };

export class Shutdown {
  private httpServer?: HttpServer;
  private jobSteps?: { stopTaking: () => Promise<void>; stop: (timeoutMs: number) => Promise<number> };
  private readonly afterSteps: Step[] = [];
  private lastStep?: Step;
  private running?: Promise<void>;

  constructor(private readonly log: Logger) {}

  /** Signals, a parent that went away, and errors nobody caught: each ends in one orderly stop. */
  listen(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.running) {
        this.log.warn(`${signal} again: exiting without waiting`);
        process.exit(1);
      }
      this.log.info(`${signal} received: stopping gracefully`);
      void this.run(0);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    // If whoever started us (npm, a terminal) is killed outright, we are re-parented: stop cleanly rather than
    // linger holding the port and the database.
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && void this.run(0), 1000).unref();
    process.on("unhandledRejection", (reason) => this.log.error({ err: reason }, "unhandled rejection"));
    process.on("uncaughtException", (error) => {
      this.log.fatal({ err: error }, "uncaught exception: stopping");
      void this.run(1);
    });
  }

  server(server: HttpServer): void {
    this.httpServer = server;
  }

  jobs(stopTaking: () => Promise<void>, stop: (timeoutMs: number) => Promise<number>): void {
    this.jobSteps = { stopTaking, stop };
  }

  /** Closed after requests and jobs, the latest registered first. */
  after(name: string, run: () => Promise<unknown>): void {
    this.afterSteps.push({ name, run });
  }

  /** Closed at the very end (the embedded Postgres: everything before may still need it). */
  last(name: string, run: () => Promise<unknown>): void {
    this.lastStep = { name, run };
  }

  run(code: number): Promise<void> {
    this.running ??= this.stop(code);
    return this.running;
  }

  private async stop(code: number): Promise<void> {
    const started = Date.now();
    const deadline = started + setting("BULKHEAD_SHUTDOWN_SECONDS") * 1000;
    lifecycle().workersRunning = false;
    this.log.info({ requestsInFlight: this.httpServer?.inFlight() ?? 0 }, "stopping: taking no new requests or jobs");
    const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run();
      } catch (error) {
        this.log.error({ err: error }, `stopping ${name} failed`);
        return undefined;
      }
    };
    await step("taking jobs", async () => this.jobSteps?.stopTaking());
    // Requests and jobs finish side by side, within the same deadline.
    const [unanswered, handedBack] = await Promise.all([
      step("the HTTP server", async () => this.httpServer?.close(deadline) ?? 0),
      step("the job queue", async () => this.jobSteps?.stop(Math.max(1_000, deadline - Date.now())) ?? 0),
    ]);
    for (const later of [...this.afterSteps].reverse()) await step(later.name, later.run);
    if (this.lastStep) await step(this.lastStep.name, this.lastStep.run);
    this.log.info(
      { unansweredRequests: unanswered ?? 0, jobsHandedBack: handedBack ?? 0, seconds: (Date.now() - started) / 1000 },
      `stopped: ${unanswered ? `${unanswered} request(s) cut off at the deadline` : "every request answered"}, ${handedBack ?? 0} job(s) handed back to the queue`,
    );
    // pino writes synchronously to stdout, so the line above is out before the exit.
    process.exit(code);
  }
}
