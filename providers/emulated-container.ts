// What a container in the sandbox clouds prints and how it answers its health check. The emulators run no containers:
// each simulates its running instances with this, so the logs, the probes and the fault switch behave alike in every
// cloud, while what the cloud does with a failing probe (stop the task, restart, roll back) stays each emulator's own,
// from its provider's documentation. Deterministic: the same instance and window give the same lines, so an emulator
// keeps no log and answers any range, or a follower, from the clock.

/**
 * The fault switch: a container whose environment sets this to "failing" answers its health check with 503, as an app
 * would whose own configuration breaks it. Deploying with it is how a test, or a person in the sandbox, shows a failure.
 */
export const HEALTH_FAULT_VARIABLE = "BULKHEAD_SANDBOX_HEALTH";

/** The probe period when a cloud's request names none and the emulator was given none. */
export const DEFAULT_PROBE_PERIOD_MS = 10_000;

export interface SimulatedContainer {
  /** The instance's id as the cloud names it (task id, group name, instance id, pod name). */
  instance: string;
  image: string;
  port: number;
  healthCheckPath: string;
  /** The container's environment; only its names are ever printed. */
  environment: Record<string, string>;
  /** Epoch ms the container started. */
  startedAt: number;
  /** Epoch ms it was stopped, if it was. */
  stoppedAt?: number;
  /** Time between two probes of its health check. */
  probePeriodMs: number;
}

export interface PrintedLine {
  /** Epoch ms. */
  at: number;
  message: string;
  instance: string;
}

/** Whether the container fails its health check (the fault switch is on). */
export const healthFailing = (environment: Record<string, string>): boolean => environment[HEALTH_FAULT_VARIABLE] === "failing";

/** What the container answers one probe of its health check. */
export const probeAnswer = (container: Pick<SimulatedContainer, "environment">): { status: 200 | 503 } => ({ status: healthFailing(container.environment) ? 503 : 200 });

function startLines(container: SimulatedContainer): string[] {
  const names = Object.keys(container.environment).sort();
  return [
    `Starting ${container.image}`,
    `Environment: ${names.length > 0 ? names.join(", ") : "(none)"}`,
    `Listening on port ${container.port}`,
  ];
}

function probeLine(container: SimulatedContainer): string {
  return healthFailing(container.environment)
    ? `GET ${container.healthCheckPath} 503 Service Unavailable (health check switched to failing by ${HEALTH_FAULT_VARIABLE})`
    : `GET ${container.healthCheckPath} 200 OK`;
}

/** The lines the container printed at or after `from` and before `to` (epoch ms), oldest first. */
export function printedBetween(container: SimulatedContainer, from: number, to: number): PrintedLine[] {
  const end = Math.min(to, container.stoppedAt === undefined ? to : container.stoppedAt + 1);
  const lines: PrintedLine[] = [];
  const { startedAt, probePeriodMs, instance } = container;
  if (startedAt >= from && startedAt < end) for (const message of startLines(container)) lines.push({ at: startedAt, message, instance });
  const firstProbe = Math.max(1, Math.ceil((from - startedAt) / probePeriodMs));
  const message = probeLine(container);
  for (let k = firstProbe; ; k += 1) {
    const at = startedAt + k * probePeriodMs;
    if (at >= end || (container.stoppedAt !== undefined && at >= container.stoppedAt)) break;
    lines.push({ at, message, instance });
  }
  if (container.stoppedAt !== undefined && container.stoppedAt >= from && container.stoppedAt < to) {
    lines.push({ at: container.stoppedAt, message: "Received SIGTERM, shutting down", instance });
  }
  return lines;
}

/** The newest `limit` lines printed before `to`, oldest first, without generating the rest. */
export function newestPrinted(container: SimulatedContainer, to: number, limit: number): PrintedLine[] {
  const from = Math.max(container.startedAt, to - (limit + 1) * container.probePeriodMs);
  return printedBetween(container, from, to).slice(-limit);
}
