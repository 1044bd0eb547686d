import { describe, expect, it } from "vitest";
import type { DeploymentSpec } from "../types";
import { observeApp, type ReadBack, type ReadObject } from "./observe";
import { objectsOf } from "./plan";
import type { KubernetesCoordinates } from "./target-schema";

const c: KubernetesCoordinates = { kind: "kubernetes", region: "eu-west-1", cluster: "prod" };
const spec: DeploymentSpec = {
  name: "web-1a2b3c",
  image: `registry.example.com/web@sha256:${"a".repeat(64)}`,
  cpu: 1,
  memoryMiB: 512,
  port: 8080,
  env: { A: "1", B: "2" },
  minInstances: 2,
  maxInstances: 2,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-team": "shop" },
};

/** What the cluster holds right after apply: the very objects sent, as JSON (with the server's additions beside them). */
function applied(): ReadBack {
  const { namespace, app } = objectsOf(spec, c);
  const all: ReadObject[] = JSON.parse(JSON.stringify([...namespace, ...app]));
  const find = (kind: string) => all.find((o) => o.kind === kind) ?? null;
  const deployment = find("Deployment")!;
  return { namespace: find("Namespace"), deployment: { ...deployment, status: { replicas: 2 } }, service: find("Service"), ingress: null, networkPolicies: all.filter((o) => o.kind === "NetworkPolicy") };
}

describe("observe", () => {
  it("finds nothing drifted in what apply sent, and the app missing without its Deployment", () => {
    expect(observeApp(applied(), spec, c)).toEqual({ missing: false, drift: [] });
    expect(observeApp({ ...applied(), deployment: null }, spec, c)).toEqual({ missing: true });
  });

  it("reports a changed image, a loosened securityContext, a removed policy and a relabelled namespace", () => {
    const read = applied();
    const deployment = JSON.parse(JSON.stringify(read.deployment));
    deployment.spec.template.spec.containers[0].image = "registry.example.com/other@sha256:" + "b".repeat(64);
    deployment.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    // The server lists variables in its own order: not drift.
    deployment.spec.template.spec.containers[0].env.reverse();
    const namespace = { ...read.namespace, metadata: { ...read.namespace!.metadata, labels: { "pod-security.kubernetes.io/enforce": "privileged" } } };
    const drift = observeApp({ ...read, deployment, namespace, networkPolicies: read.networkPolicies.filter((p) => p.metadata?.name !== "default-deny") }, spec, c);
    expect(drift.missing).toBe(false);
    expect(!drift.missing && drift.drift.map((d) => d.field)).toEqual(["image", "container.securityContext", "networkPolicy.default-deny", "namespace.podSecurity"]);
  });
});
