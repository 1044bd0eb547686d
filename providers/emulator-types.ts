// Shared shape of the local, wire-compatible stand-ins for the clouds (tests and the sandbox).

export type FaultKind = "throttle" | "server-error" | "latency" | "drop";

export interface FaultPlan {
  /** Fraction of requests (0–1) that get one of `kinds`, chosen at random. */
  rate: number;
  kinds: FaultKind[];
  /** Added delay for "latency" faults. */
  latencyMs?: number;
}

export interface EmulatorOptions {
  /** 0 or absent: a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Time from accepted create/update until the resource runs. */
  provisionDelayMs?: number;
  faults?: FaultPlan;
  /**
   * Time between two probes of a simulated container's health check, each one a log line (./emulated-container.ts).
   * Unset: the period the resource's own probe configuration names, else the cloud's documented default.
   */
  probePeriodMs?: number;
  /**
   * A folder where the emulator keeps its state between starts (the sandbox passes one in BULKHEAD_DATA_DIR), so
   * restarting Bulkhead is not a wipe of its clouds. Unset: memory only (tests).
   */
  stateDir?: string;
}

export interface RunningEmulator {
  /** Base URL to give the SDK as its endpoint. */
  url: string;
  port: number;
  /** PEM of the self-signed certificate, for emulators that must serve HTTPS (Azure). */
  caCertificate?: string;
  setFaults(plan: FaultPlan | null): void;
  /** Names of the live resources the emulator holds, for tests that count them. */
  resourceNames(): string[];
  /** Number of requests received, by operation name. */
  requestCounts(): Record<string, number>;
  /**
   * What the running containers see, for tests: by the names `resourceNames()` gives, the environment of the
   * resource's first (app) container in its newest running version, plain variables and secrets resolved.
   */
  containerEnvironments(): Record<string, Record<string, string>>;
  /**
   * The secret values the cloud holds, for tests: AWS by `<region>/<secret name>:<VersionId>`, Google by the
   * secret version's resource name, Azure by `<group>/<container>/<NAME>` for each secureValue.
   */
  storedSecrets(): Record<string, string>;
  stop(): Promise<void>;
}
