// What the Cloud Run adapter says without calling Google (../lazy-adapter.ts): kept apart from ./adapter.ts, so the
// registry holds it without loading the Google Cloud clients.
import type { AdapterDescription } from "../lazy-adapter";
import { MAX_CPU, MAX_MEMORY_MIB } from "./limits";
import { plan, validate } from "./plan";
import { policyCapabilities } from "./policy-enforcement";

export const gcpCloudRunDescription: AdapterDescription = {
  kind: "gcp-cloud-run",
  displayName: "Google Cloud Run",
  capabilities: { managedTls: true, privateIngress: true, scaleToZero: true, maxCpu: MAX_CPU, maxMemoryMiB: MAX_MEMORY_MIB, policy: policyCapabilities },
  validate,
  plan,
};
