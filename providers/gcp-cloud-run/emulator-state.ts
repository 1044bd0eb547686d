// The emulator's memory: services and long-running operations, with Cloud Run's life cycle — a change
// is accepted at once (reconciling, CONDITION_RECONCILING) and becomes ready provisionDelayMs later, when its
// revision starts: the image is pulled and the secrets the containers reference are read then, and its containers
// must pass their startup probe before the revision takes the traffic.
import { createHash, randomUUID } from "node:crypto";
import type { protos } from "@google-cloud/run";
import { status } from "@grpc/grpc-js";
import { alreadyExists, etagMismatch, notFound, quotaExceeded } from "./emulator-errors";
import { serviceAny, type WireAny } from "./emulator-protos";
import { type RevisionRun, RevisionRuns } from "./emulator-revision-runs";
import { type RevisionOutcome, RevisionStore } from "./emulator-revisions";
import type { RevisionStart } from "./emulator-revision-start";
import { LOCATION, SERVICE_NAME } from "./emulator-validate";
import { SERVICES_PER_REGION } from "./emulator-limits";

type Service = protos.google.cloud.run.v2.IService;
type Condition = protos.google.cloud.run.v2.ICondition;

/** google.longrunning.Operation as proto-loader writes it. */
export interface WireOperation {
  name: string;
  done: boolean;
  metadata?: WireAny;
  response?: WireAny;
  error?: { code: number; message: string };
}

export interface ServiceSnapshot {
  services: Service[];
  environments: Record<string, Record<string, string>>;
  /** Absent in state files written before revisions' instances were kept. */
  runs?: RevisionRun[];
  /** Absent in state files written before revisions were kept. */
  revisions?: protos.google.cloud.run.v2.IRevision[];
}

/** What a change request may add: AIP-163's validate_only, and an etag to check first (AIP-154). */
export interface ChangeOptions {
  validateOnly?: boolean;
  etag?: string | null;
}

/** Done operations kept for ListOperations and GetOperation; older ones are forgotten first, as Cloud Run expires them. */
const DONE_OPERATIONS_KEPT = 1000;

/**
 * Sandbox convention: an image whose digest is all zeros cannot be pulled, so its revision fails the
 * way Cloud Run's does when the image is missing. Lets tests and demos see the "failed" phase.
 */
const MISSING_DIGEST = `@sha256:${"0".repeat(64)}`;

const timestamp = () => {
  const ms = Date.now();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
};

/** A stable fake project number, for the deterministic URL form https://SERVICE-PROJECT_NUMBER.REGION.run.app. */
export const projectNumber = (project: string) => String(createHash("sha256").update(project).digest().readUIntBE(0, 5) % 1e12).padStart(12, "1");

/**
 * The fields a caller sets, with Cloud Run's default ingress; identical ones mean an update changes
 * nothing (no new generation). Both sides are decoded by the same loader, so key order agrees.
 */
const desired = (s: Service) => JSON.stringify([s.description, s.labels, s.annotations, s.ingress ?? "INGRESS_TRAFFIC_ALL", s.template, s.scaling]);

export class ServiceStore {
  private readonly services = new Map<string, Service>();
  private readonly operations = new Map<string, WireOperation>();
  /** By service name, the environment of the first container of its newest ready revision. */
  private readonly environments = new Map<string, Record<string, string>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Callers of WaitOperation, by operation name. */
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly provisionDelayMs: number,
    /** Starts a revision's containers (reads their secrets); the project is the service's. */
    private readonly startRevision: (service: Service, project: string) => RevisionStart = () => ({ environment: {} }),
    /** Called after every change of a service, so the emulator can keep its state on disk. */
    private readonly changed: () => void = () => undefined,
    /** The instances revisions ran, which Cloud Logging reads. */
    readonly runs: RevisionRuns = new RevisionRuns(undefined),
    /** Every revision the services' changes made. */
    readonly revisions: RevisionStore = new RevisionStore(),
  ) {}

  /**
   * validate_only: "validated and default values populated, without persisting the request or creating any
   * resources" (CreateServiceRequest); the answer is a done operation with the service as it would be (AIP-163).
   */
  create(parent: string, serviceId: string, body: Service, { validateOnly = false }: ChangeOptions = {}): WireOperation {
    const name = `${parent}/services/${serviceId}`;
    if (this.services.has(name)) throw alreadyExists(serviceId);
    const [, project, region] = LOCATION.exec(parent)!;
    if (this.names().filter((n) => n.startsWith(`${parent}/`)).length >= SERVICES_PER_REGION) throw quotaExceeded(project, region, SERVICES_PER_REGION);

    const now = timestamp();
    const uri = `https://${serviceId}-${projectNumber(project)}.${region}.run.app`;
    const service: Service = {
      ...structuredClone(body),
      name,
      uid: randomUUID(),
      generation: "0",
      createTime: now,
      creator: "developer@bulkhead.sandbox",
      ingress: body.ingress ?? "INGRESS_TRAFFIC_ALL",
      launchStage: body.launchStage ?? "GA",
      traffic: body.traffic?.length ? body.traffic : [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
      uri,
      urls: [uri],
    };
    if (validateOnly) return this.validated(parent, service);
    this.services.set(name, service);
    return this.rollOut(service);
  }

  /** What a restart must find again: the services and what their serving revisions see. Operations are not kept. */
  snapshot(): ServiceSnapshot {
    return { services: [...this.services.values()], environments: Object.fromEntries(this.environments), runs: this.runs.snapshot(), revisions: this.revisions.snapshot() };
  }

  /** The saved services; a rollout the stop interrupted goes on, as Cloud Run's would have. */
  restore(saved: ServiceSnapshot): void {
    for (const service of saved.services) this.services.set(service.name!, service);
    for (const [name, environment] of Object.entries(saved.environments)) this.environments.set(name, environment);
    this.runs.restore(saved.runs ?? []);
    this.revisions.restore(saved.revisions ?? []);
    for (const service of saved.services) {
      if (service.reconciling) this.provisionLater(service, Number(service.generation), this.operation(parentOf(service.name!), service, false));
    }
  }

  /**
   * allow_missing: "if the Service does not exist, it will create a new one" (UpdateServiceRequest). The body's
   * etag, when given, must be the stored one: a stale etag is refused with ABORTED (AIP-154), nothing changed.
   */
  update(body: Service, { validateOnly = false, allowMissing = false }: ChangeOptions & { allowMissing?: boolean } = {}): WireOperation {
    const name = body.name!;
    const current = this.services.get(name);
    if (!current) {
      if (!allowMissing) throw notFound("SERVICE", name);
      const [, project, region, serviceId] = SERVICE_NAME.exec(name)!;
      return this.create(`projects/${project}/locations/${region}`, serviceId, body, { validateOnly });
    }
    this.checkEtag(current, body.etag);
    if (validateOnly) return this.validated(parentOf(name), { ...structuredClone(current), ...pick(structuredClone(body)) });
    if (desired(body) === desired(current)) return this.operation(parentOf(name), current, true);
    Object.assign(current, pick(structuredClone(body)));
    return this.rollOut(current);
  }

  /** Deletion is immediate here; the operation is answered done. The etag, when given, must be the stored one. */
  delete(name: string, { validateOnly = false, etag }: ChangeOptions = {}): WireOperation {
    const service = this.get(name);
    this.checkEtag(service, etag);
    if (validateOnly) return this.validated(parentOf(name), service);
    this.services.delete(name);
    this.environments.delete(name);
    this.runs.retire(name, Date.now());
    this.revisions.forget(name);
    service.deleteTime = timestamp();
    this.changed();
    return this.operation(parentOf(name), service, true);
  }

  get(name: string): Service {
    const service = this.services.get(name);
    if (!service) throw notFound("SERVICE", name);
    return service;
  }

  list(parent: string, pageSize: number, pageToken: string): { services: Service[]; nextPageToken: string } {
    const all = [...this.services.values()].filter((s) => s.name!.startsWith(`${parent}/`)).sort((a, b) => a.name!.localeCompare(b.name!));
    const start = Number(pageToken || 0);
    const size = pageSize > 0 ? Math.min(pageSize, 1000) : 100;
    const next = start + size < all.length ? String(start + size) : "";
    return { services: all.slice(start, start + size), nextPageToken: next };
  }

  getOperation(name: string): WireOperation {
    const operation = this.operations.get(name);
    if (!operation) throw notFound("OPERATION", name);
    return operation;
  }

  /**
   * ListOperations of one location, newest first. Cloud Run's filter takes `done:true`, `done:false` or nothing, and
   * a page holds at most 100 (projects.locations.operations.list).
   */
  listOperations(parent: string, done: boolean | undefined, pageSize: number, pageToken: string): { operations: WireOperation[]; nextPageToken: string } {
    const all = [...this.operations.values()].filter((o) => o.name.startsWith(`${parent}/operations/`) && (done === undefined || o.done === done)).reverse();
    const start = Number(pageToken || 0);
    const size = pageSize > 0 ? pageSize : 100;
    return { operations: all.slice(start, start + size), nextPageToken: start + size < all.length ? String(start + size) : "" };
  }

  /**
   * WaitOperation: "waits until the specified long-running operation is done or reaches at most a specified timeout,
   * returning the latest state" (google.longrunning.Operations); already done, it answers at once.
   */
  async waitOperation(name: string, timeoutMs: number, signal: AbortSignal): Promise<WireOperation> {
    const operation = this.getOperation(name);
    if (operation.done) return operation;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.waiters.get(name)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done);
      this.waiters.set(name, (this.waiters.get(name) ?? new Set()).add(done));
    });
    return operation;
  }

  names(): string[] {
    return [...this.services.keys()];
  }

  /** By service name, what the containers of its serving revision see. */
  containerEnvironments(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.environments].map(([name, environment]) => [name, { ...environment }]));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** A new generation and revision: reconciling now, ready (or failed) once provisioned. */
  private rollOut(service: Service): WireOperation {
    const generation = Number(service.generation) + 1;
    const serviceId = SERVICE_NAME.exec(service.name!)![3];
    const revision = `${service.name}/revisions/${serviceId}-${String(generation).padStart(5, "0")}-${randomUUID().slice(0, 3)}`;
    const now = timestamp();
    Object.assign(service, {
      generation: String(generation),
      updateTime: now,
      lastModifier: "developer@bulkhead.sandbox",
      reconciling: true,
      latestCreatedRevision: revision,
      terminalCondition: { type: "Ready", state: "CONDITION_RECONCILING", message: `Deploying revision ${revision.split("/").pop()}.`, lastTransitionTime: now },
      etag: `"${generation}-${randomUUID().slice(0, 8)}"`,
    });
    this.revisions.created(service, now);
    const operation = this.operation(parentOf(service.name!), service, false);
    this.provisionLater(service, generation, operation);
    this.changed();
    return operation;
  }

  private provisionLater(service: Service, generation: number, operation: WireOperation): void {
    this.later(this.provisionDelayMs, () => this.provisioned(service.name!, generation, operation));
  }

  private later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
      this.changed();
    }, ms);
    this.timers.add(timer);
  }

  /**
   * The new revision's containers failed their startup probe: Cloud Run shuts them down, the revision is not ready,
   * and the traffic stays where it was; the conditions say so in the words Cloud Run uses for a failed startup probe.
   */
  private failedStartupProbe(name: string, generation: number, revisionName: string, operation: WireOperation): void {
    const service = this.services.get(name);
    if (!service) return this.finish(operation, { error: { code: status.ABORTED, message: `Service ${name} was deleted before it became ready.` } });
    const why = "The user-provided container failed the configured startup probe checks. Recommended action: ensure that the startup probe is configured correctly and that the container becomes healthy within the time allowed. Logs for this revision might contain more information.";
    const now = timestamp();
    this.revisions.settled(revisionName, { ready: false, failed: "ContainerHealthy", reason: { revisionReason: "HEALTH_CHECK_CONTAINER_ERROR" }, message: why }, now);
    if (Number(service.generation) !== generation) return this.finish(operation, { response: serviceAny(service) });
    const message = `Revision '${revisionName.split("/").pop()}' is not ready and cannot serve traffic. ${why}`;
    const condition: Condition = { type: "Ready", state: "CONDITION_FAILED", reason: "REVISION_FAILED", message, lastTransitionTime: now };
    Object.assign(service, { reconciling: false, observedGeneration: String(generation), terminalCondition: condition, conditions: [condition] });
    this.finish(operation, { error: { code: status.FAILED_PRECONDITION, message } });
  }

  private provisioned(name: string, generation: number, operation: WireOperation): void {
    const service = this.services.get(name);
    if (!service) return this.finish(operation, { error: { code: status.ABORTED, message: `Service ${name} was deleted before it became ready.` } });
    // A newer change superseded this one: its own operation reports the outcome.
    if (Number(service.generation) === generation) {
      const image = service.template?.containers?.[0]?.image ?? "";
      const revision = service.latestCreatedRevision!.split("/").pop();
      const now = timestamp();
      const notReady = `Revision '${revision}' is not ready and cannot serve traffic.`;
      const start = image.endsWith(MISSING_DIGEST) ? undefined : this.startRevision(service, LOCATION.exec(parentOf(name))![1]);
      // A container that fails its startup probe is probed until Cloud Run gives up on it; the revision fails then.
      const created = service.latestCreatedRevision!;
      const probing = start && "environment" in start ? this.runs.startupFailure(service, start.environment, Date.now()) : undefined;
      if (probing !== undefined) return this.later(probing, () => this.failedStartupProbe(name, generation, created, operation));
      const failed = !start || "failure" in start;
      const condition: Condition = !start
        ? { type: "Ready", state: "CONDITION_FAILED", reason: "CONTAINER_MISSING", message: `${notReady} Image '${image}' not found.`, lastTransitionTime: now }
        : "failure" in start
          ? { type: "Ready", state: "CONDITION_FAILED", reason: "SECRETS_ACCESS_CHECK_FAILED", message: `${notReady} ${start.failure}`, lastTransitionTime: now }
          : { type: "Ready", state: "CONDITION_SUCCEEDED", lastTransitionTime: now };
      Object.assign(service, { reconciling: false, observedGeneration: String(generation), terminalCondition: condition, conditions: [condition] });
      const outcome: RevisionOutcome = !start
        ? { ready: false, failed: "ResourcesAvailable", reason: { reason: "CONTAINER_MISSING" }, message: `Image '${image}' not found.` }
        : "failure" in start
          ? { ready: false, failed: "ResourcesAvailable", reason: { reason: "SECRETS_ACCESS_CHECK_FAILED" }, message: start.failure }
          : { ready: true };
      this.revisions.settled(service.latestCreatedRevision!, outcome, now);
      if (failed) return this.finish(operation, { error: { code: status.FAILED_PRECONDITION, message: condition.message! } });
      service.latestReadyRevision = service.latestCreatedRevision;
      this.environments.set(name, start.environment);
      this.runs.serve(service, start.environment, Date.now());
      service.trafficStatuses = [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }];
    }
    this.finish(operation, { response: serviceAny(service) });
  }

  private operation(parent: string, service: Service, done: boolean): WireOperation {
    const snapshot = serviceAny(service);
    const operation: WireOperation = { name: `${parent}/operations/${randomUUID()}`, done, metadata: snapshot, ...(done ? { response: snapshot } : {}) };
    this.operations.set(operation.name, operation);
    this.forgetOldOperations();
    return operation;
  }

  /** A validated request's answer: done at once, the service as it would be, and nothing kept. */
  private validated(parent: string, service: Service): WireOperation {
    const snapshot = serviceAny(service);
    return { name: `${parent}/operations/${randomUUID()}`, done: true, metadata: snapshot, response: snapshot };
  }

  private finish(operation: WireOperation, outcome: Pick<WireOperation, "response" | "error">): void {
    Object.assign(operation, { done: true, ...outcome });
    for (const wake of this.waiters.get(operation.name) ?? []) wake();
  }

  private forgetOldOperations(): void {
    let surplus = [...this.operations.values()].filter((o) => o.done).length - DONE_OPERATIONS_KEPT;
    for (const [name, operation] of this.operations) {
      if (surplus <= 0) break;
      if (operation.done) {
        this.operations.delete(name);
        surplus--;
      }
    }
  }

  private checkEtag(service: Service, etag: string | null | undefined): void {
    if (etag && etag !== service.etag) throw etagMismatch(service.name!, etag);
  }
}

/** The fields a caller sets on a service; the rest are Cloud Run's. */
function pick({ description, labels, annotations, ingress, template, scaling, traffic }: Service): Service {
  return { description, labels, annotations, ingress: ingress ?? "INGRESS_TRAFFIC_ALL", template, scaling, ...(traffic?.length ? { traffic } : {}) };
}

const parentOf = (serviceName: string) => serviceName.split("/services/")[0];
