// Which simulated instances each revision ran, and when, so Cloud Logging (emulator-logging.ts) can answer from the
// clock what they printed (../emulated-container.ts). Cloud Run keeps a serving revision's minimum number of instances
// warm ("Set minimum instances", https://cloud.google.com/run/docs/configuring/min-instances) and stops the old
// revision's once a new one takes the traffic. A new revision's container must first pass its startup probe; one that
// fails it failureThreshold times in a row is shut down and the revision never serves ("Configure container health
// checks", https://cloud.google.com/run/docs/configuring/healthchecks: periodSeconds defaults to 10, failureThreshold to
// 3). A TCP startup probe only checks the port, which the simulated container always opens.
import { createHash } from "node:crypto";
import type { protos } from "@google-cloud/run";
import { DEFAULT_PROBE_PERIOD_MS, healthFailing, type SimulatedContainer } from "../emulated-container";

type Service = protos.google.cloud.run.v2.IService;

/** A line Cloud Run itself writes about an instance, in the revision's system log (run.googleapis.com/varlog/system). */
export interface SystemLine {
  instance: string;
  /** Epoch ms. */
  at: number;
  message: string;
}

/** One revision's instances, under the service whose logs they write into. */
export interface RevisionRun {
  /** projects/P/locations/L/services/S */
  service: string;
  /** The revision's short name, as Cloud Logging's resource label carries it. */
  revision: string;
  instances: SimulatedContainer[];
  /** Absent in state files written before Cloud Run's own lines were kept. */
  system?: SystemLine[];
}

/** How long Cloud Logging keeps an entry in the _Default bucket ("Cloud Logging quotas and limits": 30 days). */
const RETENTION_MS = 30 * 24 * 3_600_000;
const DEFAULT_PORT = 8080;
const DEFAULT_FAILURE_THRESHOLD = 3;

/** A Cloud Run instance id: a long hex string, here derived from the revision and the instance's place. */
const instanceId = (revision: string, index: number) => createHash("sha256").update(`${revision}#${index}`).digest("hex");

const seconds = (value: number | null | undefined) => (value ? value * 1000 : undefined);

export class RevisionRuns {
  private runs: RevisionRun[] = [];
  /** Counts the changes, so a reader (a log tail) knows when what it derived from the runs is stale. */
  version = 0;

  /** `probePeriodMs`: the emulator's override of every probe's period (tests, the sandbox); unset, each probe's own. */
  constructor(private readonly probePeriodMs: number | undefined) {}

  /**
   * The revision passed its startup probe at `at`: its minimum instances run from then, and the service's other
   * revisions stop serving.
   */
  serve(service: Service, environment: Record<string, string>, at: number): void {
    this.retire(service.name!, at);
    const count = service.template?.scaling?.minInstanceCount ?? 0;
    const container = service.template?.containers?.[0];
    const period = this.probePeriodMs ?? seconds(container?.livenessProbe?.periodSeconds) ?? seconds(container?.startupProbe?.periodSeconds) ?? DEFAULT_PROBE_PERIOD_MS;
    this.runs.push(this.run(service, environment, at, count, period));
    this.prune(at);
    this.version += 1;
  }

  /**
   * Starts the revision's instances to check their startup probe. When the probe fails, answers how long Cloud Run
   * probes before shutting them down (then the instances stop); undefined when it passes.
   */
  startupFailure(service: Service, environment: Record<string, string>, at: number): number | undefined {
    const probe = service.template?.containers?.[0]?.startupProbe;
    if (!probe?.httpGet || !healthFailing(environment)) return undefined;
    // Until it passes, the container answers its startup probe only.
    const period = this.probePeriodMs ?? seconds(probe.periodSeconds) ?? DEFAULT_PROBE_PERIOD_MS;
    const run = this.run(service, environment, at, Math.max(1, service.template?.scaling?.minInstanceCount ?? 0), period);
    const threshold = probe.failureThreshold || DEFAULT_FAILURE_THRESHOLD;
    const lastProbe = at + (seconds(probe.initialDelaySeconds) ?? 0) + period * threshold;
    // Shut down right after the last failed probe (a millisecond later, so that probe's line is printed), which Cloud
    // Run reports in the system log in these words.
    const failsAfter = lastProbe + 1 - at;
    const container = service.template?.containers?.[0];
    const message = `STARTUP HTTP probe failed ${threshold} time${threshold === 1 ? "" : "s"} consecutively for container "${container?.name ?? ""}" on path "${probe.httpGet.path || "/"}". The instance was not started.`;
    run.system = run.instances.map((instance) => ({ instance: instance.instance, at: lastProbe, message }));
    for (const instance of run.instances) instance.stoppedAt = at + failsAfter;
    this.runs.push(run);
    this.version += 1;
    return failsAfter;
  }

  /** The service is gone or replaced: its instances still running stop at `at`; what they printed stays readable. */
  retire(service: string, at: number): void {
    for (const run of this.runs) {
      if (run.service !== service) continue;
      for (const instance of run.instances) instance.stoppedAt = Math.min(instance.stoppedAt ?? at, at);
    }
    this.version += 1;
  }

  /** The runs of a project's services. */
  of(project: string): RevisionRun[] {
    return this.runs.filter((run) => run.service.startsWith(`projects/${project}/`));
  }

  snapshot(): RevisionRun[] {
    return structuredClone(this.runs);
  }

  restore(saved: RevisionRun[]): void {
    this.runs = structuredClone(saved);
    this.version += 1;
  }

  private run(service: Service, environment: Record<string, string>, at: number, count: number, probePeriodMs: number): RevisionRun {
    const container = service.template?.containers?.[0];
    const revision = service.latestCreatedRevision!.split("/").pop()!;
    const instances = Array.from({ length: count }, (_, index) => ({
      instance: instanceId(service.latestCreatedRevision!, index),
      image: container?.image ?? "",
      port: container?.ports?.[0]?.containerPort ?? DEFAULT_PORT,
      healthCheckPath: container?.startupProbe?.httpGet?.path || container?.livenessProbe?.httpGet?.path || "/",
      environment: { ...environment },
      startedAt: at,
      probePeriodMs,
    }));
    return { service: service.name!, revision, instances };
  }

  /** Forgets runs whose every instance stopped longer ago than Cloud Logging keeps entries. */
  private prune(now: number): void {
    this.runs = this.runs.filter((run) => run.instances.some((instance) => instance.stoppedAt === undefined || instance.stoppedAt > now - RETENTION_MS));
  }
}
