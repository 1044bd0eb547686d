// The scheduler's filters and its FitError wording
// (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/).
import { describe, expect, it } from "vitest";
import { DEFAULT_NODES, schedule } from "./emulator-scheduler";

describe("schedule", () => {
  it("places a pod whose nodeSelector a node matches", () => {
    expect(schedule({ nodeSelector: { "topology.kubernetes.io/zone": "zone-b" } }, DEFAULT_NODES)).toEqual({ node: "node-2" });
  });

  it("words a selector no node matches as the scheduler does", () => {
    expect(schedule({ nodeSelector: { disk: "ssd" } }, DEFAULT_NODES)).toEqual({
      unschedulable: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    });
  });

  it("keeps pods off tainted nodes unless they tolerate the taint", () => {
    const nodes = [{ name: "gpu", taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" as const }] }];
    expect(schedule({}, nodes)).toEqual({ unschedulable: expect.stringMatching(/^0\/1 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}\./) });
    expect(schedule({ tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }] }, nodes)).toEqual({ node: "gpu" });
    expect(schedule({ tolerations: [{ operator: "Exists" }] }, nodes)).toEqual({ node: "gpu" });
  });

  it("reads required node affinity terms", () => {
    const affinity = (operator: string, values: string[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator, values }] }] } } } });
    expect(schedule(affinity("In", ["zone-c"]), DEFAULT_NODES)).toEqual({ node: "node-3" });
    expect(schedule(affinity("NotIn", ["zone-a", "zone-b", "zone-c"]), DEFAULT_NODES)).toHaveProperty("unschedulable");
  });
});
