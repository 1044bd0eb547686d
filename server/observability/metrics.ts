import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { QUEUES } from "@/server/jobs/queue";
import { queueStats } from "./queue-stats";

// The process's Prometheus metrics, served at /api/metrics (./metrics-endpoint.ts). Each replica has its own;
// Prometheus scrapes each and sums. Kept on globalThis: the launcher (workers) and the dashboard's server
// bundle load this module separately but must fill one registry.

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "bulkhead_" });
  const registers = [registry];
  return {
    registry,
    requestDuration: new Histogram({
      name: "bulkhead_request_duration_seconds",
      help: "tRPC procedure calls by procedure, type and HTTP status, from the start of the call to its answer",
      labelNames: ["procedure", "type", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    deployOutcomes: new Counter({
      name: "bulkhead_deploy_outcomes_total",
      help: "Deployment steps that ended, by provider and outcome (running, failed, destroyed), counted by the worker that ended them",
      labelNames: ["provider", "outcome"] as const,
      registers,
    }),
    auditAppendDuration: new Histogram({
      name: "bulkhead_audit_append_seconds",
      help: "Time to append one audit event (lock, chain, hash, insert), inside its transaction",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    passwordChecks: new Counter({ name: "bulkhead_password_checks_total", help: "Password hashes compared at sign-in (admitted attempts only)", registers }),
    // Drift detection (a cloud resource changed outside Bulkhead) does not exist yet: the gauge is exposed so
    // dashboards and alerts can be written now, and stays 0 until it does.
    drift: new Gauge({ name: "bulkhead_drifted_deployments", help: "Deployments whose cloud resource no longer matches their revision (drift detection is not implemented yet: always 0)", registers }),
    queueDepth: new Gauge({
      name: "bulkhead_queue_jobs",
      help: "Jobs in the durable queue by queue and state (created, retry, active), read from Postgres at scrape time",
      labelNames: ["queue", "state"] as const,
      registers,
      async collect() {
        this.reset();
        for (const queue of Object.values(QUEUES)) for (const state of ["created", "retry", "active"]) this.set({ queue, state }, 0);
        for (const row of await queueStats()) this.set({ queue: row.queue, state: row.state }, row.jobs);
      },
    }),
    oldestJobAge: new Gauge({
      name: "bulkhead_queue_oldest_job_age_seconds",
      help: "How long the oldest job that is due (created or retrying, its start time passed) has waited for a worker, per queue",
      labelNames: ["queue"] as const,
      registers,
      async collect() {
        this.reset();
        const oldest = new Map<string, number>(Object.values(QUEUES).map((queue) => [queue, 0]));
        for (const row of await queueStats()) oldest.set(row.queue, Math.max(oldest.get(row.queue) ?? 0, row.oldestDueSeconds));
        for (const [queue, seconds] of oldest) this.set({ queue }, seconds);
      },
    }),
  };
}

type Metrics = ReturnType<typeof create>;
// Typed slots on globalThis (one per process, kept across Next's dev reloads): a global `var` is how TypeScript declares one.
declare global {
  var bulkheadMetrics: Metrics | undefined;
}
const holder = globalThis;

export function metrics(): Metrics {
  holder.bulkheadMetrics ??= create();
  return holder.bulkheadMetrics;
}
