// Server-side apply's ownership rules on their own (https://kubernetes.io/docs/reference/using-api/server-side-apply/):
// shared ownership of equal values, conflicts worded per manager, removal of fields an applier stops sending.
import { describe, expect, it } from "vitest";
import { recordUpdate, serverSideApply } from "./emulator-apply";
import { StatusError } from "./emulator-status";
import type { KubeObject } from "./emulator-store";

const deployment = (spec: object, labels?: Record<string, string>): KubeObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop", ...(labels && { labels }) }, spec });
const containers = (...items: object[]) => ({ template: { spec: { containers: items } } });

function conflict(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error("expected a conflict");
}

describe("serverSideApply", () => {
  it("lets two managers share a field they set to the same value, and refuses a different one", () => {
    const first = serverSideApply(undefined, deployment({ replicas: 2 }), "a", false);
    const shared = serverSideApply(first, deployment({ replicas: 2 }), "b", false);
    expect(shared.metadata.managedFields?.map((entry) => entry.manager)).toEqual(["a", "b"]);
    const refused = conflict(() => serverSideApply(shared, deployment({ replicas: 5 }), "b", false));
    expect(refused.status).toMatchObject({ code: 409, reason: "Conflict", message: 'Apply failed with 1 conflict: conflict with "a" using apps/v1: .spec.replicas' });
  });

  it("words conflicts with several managers as the API server does, sorted by manager", () => {
    let live = serverSideApply(undefined, deployment({ replicas: 1 }), "b", false);
    live = serverSideApply(live, deployment({ paused: false }), "a", false);
    const refused = conflict(() => serverSideApply(live, deployment({ replicas: 3, paused: true }), "c", false));
    expect(refused.status.message).toBe('Apply failed with 2 conflicts: conflicts with "a" using apps/v1:\n- .spec.paused\nconflicts with "b" using apps/v1:\n- .spec.replicas');
    expect(refused.status.details?.causes?.map((cause) => cause.field)).toEqual([".spec.replicas", ".spec.paused"]);
  });

  it("names an Update manager with its time, and force moves the field to the applier", () => {
    const created = serverSideApply(undefined, deployment({ replicas: 1 }), "bulkhead", false);
    const scaled = recordUpdate(created, { ...created, spec: { replicas: 4 } }, "kubectl-scale");
    const refused = conflict(() => serverSideApply(scaled, deployment({ replicas: 1 }), "bulkhead", false));
    expect(refused.status.message).toMatch(/^Apply failed with 1 conflict: conflict with "kubectl-scale" using apps\/v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.spec\.replicas$/);
    const forced = serverSideApply(scaled, deployment({ replicas: 1 }), "bulkhead", true);
    expect(forced.spec).toEqual({ replicas: 1 });
    expect(forced.metadata.managedFields?.map((entry) => entry.manager)).toEqual(["bulkhead"]);
  });

  it("removes what an applier stops sending unless another manager owns it, container by container", () => {
    let live = serverSideApply(undefined, deployment(containers({ name: "app", image: "a:1" }, { name: "sidecar", image: "s:1" }), { team: "x", tier: "web" }), "bulkhead", false);
    live = serverSideApply(live, deployment({}, { tier: "web" }), "other", false);
    const trimmed = serverSideApply(live, deployment(containers({ name: "app", image: "a:1" })), "bulkhead", false);
    expect(trimmed.spec).toEqual(containers({ name: "app", image: "a:1" }));
    expect(trimmed.metadata.labels).toEqual({ tier: "web" });
  });

  it("merges associative lists by key and replaces atomic ones", () => {
    const live = serverSideApply(undefined, deployment(containers({ name: "app", image: "a:1", args: ["x", "y"] })), "a", false);
    const merged = serverSideApply(live, deployment(containers({ name: "side", image: "s:1" })), "b", false);
    expect(merged.spec).toEqual(containers({ name: "app", image: "a:1", args: ["x", "y"] }, { name: "side", image: "s:1" }));
    const replaced = serverSideApply(merged, deployment(containers({ name: "app", image: "a:1", args: ["z"] })), "a", false);
    expect(replaced.spec).toEqual(containers({ name: "app", image: "a:1", args: ["z"] }, { name: "side", image: "s:1" }));
  });
});
