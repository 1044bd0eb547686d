// What the Kubernetes adapter says without calling a cluster (../lazy-adapter.ts): kept apart from ./adapter.ts, so
// the registry holds it without loading the Kubernetes client.
import type { AdapterDescription } from "../lazy-adapter";
import { MAX_CPU, MAX_MEMORY_MIB, plan, validate } from "./plan";
import { policyCapabilities } from "./policy-enforcement";

export const kubernetesDescription: AdapterDescription = {
  kind: "kubernetes",
  displayName: "Kubernetes",
  capabilities: { managedTls: false, privateIngress: true, scaleToZero: false, maxCpu: MAX_CPU, maxMemoryMiB: MAX_MEMORY_MIB, policy: policyCapabilities },
  validate,
  plan,
};
