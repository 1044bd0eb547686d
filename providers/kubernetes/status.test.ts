import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deploymentStatus } from "./status";

const deployment = (status: V1Deployment["status"], generation = 2, replicas = 2): V1Deployment => ({ metadata: { name: "web", generation }, spec: { replicas, selector: {}, template: {} }, status });
const rolledOut = { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2 };

describe("rollout status from the Deployment", () => {
  it("is running once the controller saw the change and every pod is updated and available", () => {
    expect(deploymentStatus(deployment(rolledOut), [], "https://web.example.com")).toEqual({ phase: "running", message: "2 of 2 pod(s) available on the current revision", url: "https://web.example.com", runningInstances: 2 });
  });

  it("is pending while the controller has not observed the latest generation, or old pods remain", () => {
    expect(deploymentStatus(deployment({ ...rolledOut, observedGeneration: 1 }), []).phase).toBe("pending");
    expect(deploymentStatus(deployment({ ...rolledOut, replicas: 3 }), []).phase).toBe("pending");
    expect(deploymentStatus(deployment({ ...rolledOut, availableReplicas: 1 }), []).message).toBe("Rolling out: 2 of 2 pod(s) updated, 1 available");
  });

  it("fails with the API server's words on ReplicaFailure (Pod Security, quota)", () => {
    const message = 'pods "web-5d4f" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true';
    const status = deploymentStatus(deployment({ observedGeneration: 2, conditions: [{ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message }] }), []);
    expect(status).toMatchObject({ phase: "failed", message: `ReplicaFailure (FailedCreate): ${message}` });
  });

  it("fails when the progress deadline passed, and tells unschedulable or stuck pods", () => {
    const progress = { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-5d4f" has timed out progressing.' };
    const unschedulable: V1Pod = { metadata: { name: "web-5d4f-x" }, status: { conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/3 nodes are available: 3 Insufficient cpu." }] } };
    expect(deploymentStatus(deployment({ observedGeneration: 2, conditions: [progress] }), [unschedulable]).message).toBe(
      'ReplicaSet "web-5d4f" has timed out progressing.; Pod web-5d4f-x is not scheduled (Unschedulable): 0/3 nodes are available: 3 Insufficient cpu.',
    );
    expect(deploymentStatus(deployment({ observedGeneration: 2, updatedReplicas: 2 }), [unschedulable])).toMatchObject({ phase: "pending", message: expect.stringMatching(/Insufficient cpu/) });
    const root: V1Pod = { metadata: { name: "web-5d4f-y" }, status: { containerStatuses: [{ name: "app", image: "i", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "CreateContainerConfigError", message: "container has runAsNonRoot and image will run as root" } } }] } };
    expect(deploymentStatus(deployment({ observedGeneration: 2 }), [root])).toMatchObject({ phase: "failed", message: "Pod web-5d4f-y: CreateContainerConfigError: container has runAsNonRoot and image will run as root" });
  });
});
