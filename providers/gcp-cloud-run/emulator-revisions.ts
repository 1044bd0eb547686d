// Cloud Run's revisions, as google.cloud.run.v2.Revisions GetRevision and ListRevisions show them: every change of a
// service's template makes one ("Revisions are only created by updates to its parent Service", revision.proto), which
// keeps the template it was made from and says through its conditions how its start went: ResourcesAvailable (image
// pulled, secrets read), ContainerHealthy (startup probe passed) and Ready, with the revision reason Cloud Run gives a
// failure (the common CONTAINER_MISSING, SECRETS_ACCESS_CHECK_FAILED; the revision's HEALTH_CHECK_CONTAINER_ERROR;
// condition.proto). A service
// keeps at most 1000 of them; the oldest go first ("Cloud Run quotas and limits": revisions per service).
import { randomUUID } from "node:crypto";
import type { protos } from "@google-cloud/run";
import { notFound } from "./emulator-errors";

type Service = protos.google.cloud.run.v2.IService;
type Revision = protos.google.cloud.run.v2.IRevision;
type Condition = protos.google.cloud.run.v2.ICondition;
type Timestamp = protos.google.protobuf.ITimestamp;

export const REVISION_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/]+)\/revisions\/([^/]+)$/;
export const REVISION_NAME_FORM = "projects/{project}/locations/{location}/services/{service}/revisions/{revision}";

const KEPT_PER_SERVICE = 1000;

/** How a revision's start ended: its instances are ready, or the aspect that failed, with Cloud Run's reason and words. */
export type RevisionOutcome = { ready: true } | { ready: false; failed: "ResourcesAvailable" | "ContainerHealthy"; reason: Pick<Condition, "reason" | "revisionReason">; message: string };

const condition = (type: string, state: Condition["state"], at: Timestamp, extra: Partial<Condition> = {}): Condition => ({ type, state, lastTransitionTime: at, ...extra });

export class RevisionStore {
  /** By service name, oldest first. */
  private readonly byService = new Map<string, Revision[]>();

  /** The service's template became its latest created revision, which starts now. */
  created(service: Service, at: Timestamp): void {
    const { template } = service;
    const revision: Revision = {
      name: service.latestCreatedRevision!,
      uid: randomUUID(),
      generation: "1",
      labels: { ...(template?.labels ?? {}) },
      annotations: { ...(template?.annotations ?? {}) },
      createTime: at,
      updateTime: at,
      launchStage: service.launchStage ?? "GA",
      service: service.name!,
      scaling: template?.scaling ?? {},
      containers: template?.containers ?? [],
      serviceAccount: template?.serviceAccount ?? "",
      reconciling: true,
      conditions: ["Ready", "ResourcesAvailable", "ContainerHealthy"].map((type) => condition(type, "CONDITION_RECONCILING", at)),
      observedGeneration: "1",
      creator: service.lastModifier ?? service.creator ?? "",
      etag: `"${randomUUID().slice(0, 8)}"`,
    };
    const list = [...(this.byService.get(service.name!) ?? []), revision];
    this.byService.set(service.name!, list.slice(-KEPT_PER_SERVICE));
  }

  /** The revision's start ended at `at`. */
  settled(name: string, outcome: RevisionOutcome, at: Timestamp): void {
    const revision = this.byService.get(name.split("/revisions/")[0])?.find((r) => r.name === name);
    if (!revision) return;
    const conditions = (revision.conditions ?? []).map((c) => {
      if (outcome.ready) return condition(c.type!, "CONDITION_SUCCEEDED", at);
      if (c.type === "Ready" || c.type === outcome.failed) return condition(c.type!, "CONDITION_FAILED", at, { ...outcome.reason, message: outcome.message });
      // A revision that could not get its resources never ran a container: its health stays unknown.
      return outcome.failed === "ResourcesAvailable" ? c : condition(c.type!, "CONDITION_SUCCEEDED", at);
    });
    Object.assign(revision, { reconciling: false, updateTime: at, conditions });
  }

  get(name: string): Revision {
    const found = this.byService.get(name.split("/revisions/")[0])?.find((r) => r.name === name);
    if (!found) throw notFound("REVISION", name);
    return found;
  }

  /** A service's revisions (or the location's, for service "-"), newest first. */
  list(parent: string, pageSize: number, pageToken: string): { revisions: Revision[]; nextPageToken: string } {
    const location = parent.split("/services/")[0];
    const all = (parent.endsWith("/services/-") ? [...this.byService.entries()].filter(([service]) => service.startsWith(`${location}/`)).flatMap(([, list]) => list) : (this.byService.get(parent) ?? []))
      .slice()
      .sort((a, b) => Number(b.createTime?.seconds ?? 0) - Number(a.createTime?.seconds ?? 0) || (b.createTime?.nanos ?? 0) - (a.createTime?.nanos ?? 0));
    const start = Number(pageToken || 0);
    const size = pageSize > 0 ? Math.min(pageSize, 1000) : 100;
    return { revisions: all.slice(start, start + size), nextPageToken: start + size < all.length ? String(start + size) : "" };
  }

  /** The service was deleted: its revisions go with it. */
  forget(service: string): void {
    this.byService.delete(service);
  }

  snapshot(): Revision[] {
    return [...this.byService.values()].flat();
  }

  restore(saved: Revision[]): void {
    for (const revision of saved) this.byService.set(revision.service!, [...(this.byService.get(revision.service!) ?? []), revision]);
  }
}
