import type { ContainerGroup } from "@azure/arm-containerinstance";
import { describe, expect, it } from "vitest";
import { acceptedAlready, needsReplacement, statusOf } from "./group-state";
import { SPEC_TAG } from "./plan";

function group(patch: Partial<ContainerGroup> = {}, cpu = 1): ContainerGroup {
  return {
    osType: "Linux",
    restartPolicy: "Always",
    tags: { [SPEC_TAG]: "f1" },
    containers: [{ name: "app", image: "r.example/app@sha256:0", resources: { requests: { cpu, memoryInGB: 1 } } }],
    ipAddress: { type: "Public", ports: [{ port: 8080 }] },
    ...patch,
  };
}

describe("statusOf", () => {
  it("is running once provisioned and the group runs, with its URL", () => {
    const running = group({
      provisioningState: "Succeeded",
      instanceView: { state: "Running" },
      containers: [{ name: "app", image: "r.example/app@sha256:0", resources: { requests: { cpu: 1, memoryInGB: 1 } }, instanceView: { currentState: { state: "Running" } } }],
      ipAddress: { type: "Public", ports: [{ port: 8080 }], fqdn: "web.h.westeurope.azurecontainer.io" },
    });
    expect(statusOf(running)).toEqual({ phase: "running", message: "Running", url: "http://web.h.westeurope.azurecontainer.io:8080", runningInstances: 1 });
  });

  it("counts the app container's instance only while it runs", () => {
    const waiting = group({ provisioningState: "Succeeded", instanceView: { state: "Running" }, containers: [{ name: "app", image: "r.example/app@sha256:0", resources: { requests: { cpu: 1, memoryInGB: 1 } }, instanceView: { currentState: { state: "Waiting" } } }] });
    expect(statusOf(waiting).runningInstances).toBe(0);
  });

  it("reads a probe failing now: pending while only readiness fails, failed once Azure restarted it for liveness", () => {
    const now = Date.parse("2026-12-03T10:00:30Z");
    const unhealthy = { name: "Unhealthy", message: "Readiness probe failed: HTTP probe failed with statuscode: 503", lastTimestamp: new Date("2026-12-03T10:00:25Z"), type: "Warning" };
    const app = (events: object[], restartCount: number) => ({ name: "app", image: "r.example/app@sha256:0", resources: { requests: { cpu: 1, memoryInGB: 1 } }, instanceView: { restartCount, currentState: { state: "Running" }, events } });
    const unready = group({ provisioningState: "Succeeded", instanceView: { state: "Running" }, containers: [app([unhealthy], 0)] });
    expect(statusOf(unready, now)).toMatchObject({ phase: "pending", message: expect.stringMatching(/not ready: Readiness probe failed/) });
    const killed = { name: "Killing", message: "Container app failed liveness probe, will be restarted", lastTimestamp: new Date("2026-12-03T10:00:20Z"), type: "Normal" };
    expect(statusOf(group({ provisioningState: "Succeeded", instanceView: { state: "Running" }, containers: [app([unhealthy, killed], 2)] }), now)).toMatchObject({ phase: "failed", message: expect.stringMatching(/restarted it 2 times/) });
    // A failure long ago (more than three probe periods) is not a failure now.
    expect(statusOf(unready, now + 60_000).phase).toBe("running");
  });

  it("is pending while Azure provisions", () => {
    expect(statusOf(group({ provisioningState: "Creating", instanceView: { state: "Pending" } }))).toMatchObject({ phase: "pending", message: expect.stringMatching(/Creating, Pending/) });
  });

  it("is failed when provisioning failed or the group stopped", () => {
    expect(statusOf(group({ provisioningState: "Failed" })).phase).toBe("failed");
    expect(statusOf(group({ provisioningState: "Succeeded", instanceView: { state: "Stopped" } }))).toMatchObject({ phase: "failed", message: "The container group is stopped" });
  });
});

describe("updating in place", () => {
  it("is possible for a new image or env, not for a new size, OS, restart policy or network placement", () => {
    const image = group();
    image.containers[0].image = "r.example/app@sha256:1";
    expect(needsReplacement(group(), image)).toBe(false);
    expect(needsReplacement(group(), group({}, 2))).toBe(true);
    expect(needsReplacement(group(), group({ restartPolicy: "OnFailure" }))).toBe(true);
    expect(needsReplacement(group(), group({ ipAddress: { type: "Private", ports: [{ port: 8080 }] } }))).toBe(true);
  });

  it("is skipped when Azure already holds the same request, unless it failed", () => {
    expect(acceptedAlready(group({ provisioningState: "Creating" }), group())).toBe(true);
    expect(acceptedAlready(group({ provisioningState: "Failed" }), group())).toBe(false);
    expect(acceptedAlready(group({ tags: { [SPEC_TAG]: "f2" } }), group())).toBe(false);
    expect(acceptedAlready(undefined, group())).toBe(false);
  });
});
