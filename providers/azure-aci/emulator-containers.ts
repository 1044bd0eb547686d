// What a running container of the emulator does with its probes, from the clock: its log lines (the sandbox's
// simulated container, ../emulated-container.ts) and its instance view (restart count, states and events). A container
// whose health check is switched to failing fails both probes; ACI then restarts it as Kubernetes would, since "the
// liveness probe behaves like a Kubernetes liveness probe" (Configure liveness probes,
// https://learn.microsoft.com/azure/container-instances/container-instances-liveness-probe), and keeps it without
// traffic while its readiness probe fails (Configure readiness probes,
// https://learn.microsoft.com/azure/container-instances/container-instances-readiness-probe).
import { DEFAULT_PROBE_PERIOD_MS, healthFailing, newestPrinted, printedBetween, type SimulatedContainer } from "@/providers/emulated-container";

export interface WireProbe {
  httpGet?: { path?: string; port?: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
}

/** One container of a running group, as the emulator starts it. */
export interface ContainerRun {
  group: string;
  name: string;
  image: string;
  port: number;
  environment: Record<string, string>;
  readinessProbe?: WireProbe;
  livenessProbe?: WireProbe;
  /** When the group's containers (re)started: provisioning done, or the last restart. */
  startedAt: number;
  stoppedAt?: number;
  /** The emulator's probe period, which overrides the request's (EmulatorOptions.probePeriodMs). */
  probePeriodMs?: number;
}

export interface InstanceEvent {
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  name: string;
  message: string;
  type: "Normal" | "Warning";
}

const iso = (ms: number) => new Date(ms).toISOString();
const PROBE_ANSWER = "HTTP probe failed with statuscode: 503";
/** ACI's probe defaults (ContainerProbe, REST reference), which are Kubernetes' own. */
const DEFAULT_PERIOD_SECONDS = 10;
const DEFAULT_FAILURE_THRESHOLD = 3;

const periodOf = (run: ContainerRun) => run.probePeriodMs ?? ((run.readinessProbe ?? run.livenessProbe)?.periodSeconds ?? DEFAULT_PROBE_PERIOD_MS / 1000) * 1000;

/**
 * The first probe (1, 2, …) after the probe's initial delay. A probe period given to the emulator compresses the
 * probe's whole timeline by the same factor, so the initial delay shrinks with it and a test sees a restart in seconds.
 */
function firstCounted(probe: WireProbe, period: number): number {
  const scale = period / ((probe.periodSeconds ?? DEFAULT_PERIOD_SECONDS) * 1000);
  return Math.max(1, Math.ceil(((probe.initialDelaySeconds ?? 0) * 1000 * scale) / period));
}

interface Timeline {
  period: number;
  /** The probe after which the liveness probe has failed failureThreshold times in a row; none when it never fails. */
  killedAfter?: number;
  /** Length of one life of the container until its restart (the restart comes 1 ms after the kill). */
  life: number;
  /** Lives ended by the liveness probe so far. */
  restarts: number;
  currentStart: number;
  end: number;
}

function timeline(run: ContainerRun, now: number): Timeline {
  const period = periodOf(run);
  const end = Math.min(now, run.stoppedAt ?? now);
  const liveness = run.livenessProbe;
  if (!liveness || !healthFailing(run.environment)) return { period, life: Infinity, restarts: 0, currentStart: run.startedAt, end };
  const killedAfter = firstCounted(liveness, period) + (liveness.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD) - 1;
  const life = killedAfter * period + 1;
  const restarts = Math.max(0, Math.floor((end - run.startedAt) / life));
  return { period, killedAfter, life, restarts, currentStart: run.startedAt + restarts * life, end };
}

/** The container as it runs now: its current life, which is what its log shows (ACI lists the running container's log). */
function simulated(run: ContainerRun, now: number): SimulatedContainer {
  const { period, currentStart } = timeline(run, now);
  const healthCheckPath = run.readinessProbe?.httpGet?.path ?? run.livenessProbe?.httpGet?.path ?? "/";
  return { instance: run.group, image: run.image, port: run.port, healthCheckPath, environment: run.environment, startedAt: currentStart, probePeriodMs: period, ...(run.stoppedAt !== undefined ? { stoppedAt: run.stoppedAt } : {}) };
}

/**
 * Containers - List Logs: the running container's lines, the last `tail`, each prefixed with its RFC 3339 time at
 * nanosecond precision when timestamps are asked for, as Docker prints them (`docker logs --timestamps`).
 */
export function logContent(run: ContainerRun, now: number, tail: number | undefined, timestamps: boolean): string {
  const container = simulated(run, now);
  const lines = tail === undefined ? printedBetween(container, container.startedAt, now + 1) : tail === 0 ? [] : newestPrinted(container, now + 1, tail);
  return lines.map(({ at, message }) => `${timestamps ? `${iso(at).slice(0, -1)}000000Z ` : ""}${message}\n`).join("");
}

/** Failed probes of one kind over every life so far: how many, the first and the last. */
function failures(run: ContainerRun, probe: WireProbe | undefined, line: Timeline): { count: number; first: number; last: number } | undefined {
  if (!probe || !healthFailing(run.environment)) return undefined;
  const from = firstCounted(probe, line.period);
  const upTo = (elapsed: number) => Math.min(Math.floor(elapsed / line.period), line.killedAfter ?? Infinity);
  const perLife = line.killedAfter === undefined ? 0 : Math.max(0, line.killedAfter - from + 1);
  const now = upTo(line.end - line.currentStart);
  const current = Math.max(0, now - from + 1);
  const count = line.restarts * perLife + current;
  if (count === 0) return undefined;
  const first = run.startedAt + from * line.period;
  const last = current > 0 ? line.currentStart + now * line.period : line.currentStart - line.life + line.killedAfter! * line.period;
  return { count, first, last };
}

/** The instance view of a running (or stopped) container: restarts, states and events, oldest event first. */
export function runningInstanceView(run: ContainerRun, now: number, pulledAt: { accepted: number; ready: number }, manualRestarts: number): object {
  const line = timeline(run, now);
  const event = (name: string, message: string, first: number, last = first, count = 1, type: InstanceEvent["type"] = "Normal"): InstanceEvent => ({ count, firstTimestamp: iso(first), lastTimestamp: iso(last), name, message, type });
  const events = [
    event("Pulling", `pulling image "${run.image}"`, pulledAt.accepted),
    event("Pulled", `Successfully pulled image "${run.image}"`, pulledAt.ready),
    event("Started", "Started container", run.startedAt, line.currentStart, line.restarts + 1),
  ];
  // Kubernetes' kubelet wording, which ACI's instance view carries (Troubleshoot common issues in Azure Container
  // Instances, https://learn.microsoft.com/azure/container-instances/container-instances-troubleshooting).
  const readiness = failures(run, run.readinessProbe, line);
  if (readiness) events.push(event("Unhealthy", `Readiness probe failed: ${PROBE_ANSWER}`, readiness.first, readiness.last, readiness.count, "Warning"));
  const liveness = failures(run, run.livenessProbe, line);
  if (liveness) events.push(event("Unhealthy", `Liveness probe failed: ${PROBE_ANSWER}`, liveness.first, liveness.last, liveness.count, "Warning"));
  if (line.restarts > 0) {
    const killAt = (life: number) => run.startedAt + life * line.life + line.killedAfter! * line.period;
    events.push(event("Killing", `Container ${run.name} failed liveness probe, will be restarted`, killAt(0), killAt(line.restarts - 1), line.restarts));
  }
  if (run.stoppedAt !== undefined && run.stoppedAt <= now) events.push(event("Killing", "Killing container", run.stoppedAt));
  events.sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp));

  const previousStart = line.currentStart - line.life;
  const previousState = line.restarts > 0 ? { state: "Terminated", startTime: iso(previousStart), finishTime: iso(line.currentStart - 1), exitCode: 0, detailStatus: "Completed" } : undefined;
  const currentState =
    run.stoppedAt !== undefined && run.stoppedAt <= now
      ? { state: "Terminated", startTime: iso(line.currentStart), finishTime: iso(run.stoppedAt), detailStatus: "Stopped" }
      : { state: "Running", startTime: iso(line.currentStart), detailStatus: "" };
  return { restartCount: line.restarts + manualRestarts, currentState, ...(previousState ? { previousState } : {}), events };
}
