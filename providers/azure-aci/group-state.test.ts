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
    const running = group({ provisioningState: "Succeeded", instanceView: { state: "Running" }, ipAddress: { type: "Public", ports: [{ port: 8080 }], fqdn: "web.h.westeurope.azurecontainer.io" } });
    expect(statusOf(running)).toEqual({ phase: "running", message: "Running", url: "http://web.h.westeurope.azurecontainer.io:8080", runningInstances: 1 });
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
