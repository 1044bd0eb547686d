// What the Azure Container Instances adapter says without calling Azure (../lazy-adapter.ts): kept apart from
// ./adapter.ts, so the registry holds it without loading the Azure SDKs.
import type { AdapterDescription } from "../lazy-adapter";
import { plan, validate } from "./plan";
import { policyCapabilities } from "./policy-enforcement";

export const azureAciDescription: AdapterDescription = {
  kind: "azure-aci",
  displayName: "Azure Container Instances",
  // Private ingress = VNet placement; TLS needs a sidecar or a gateway; one group never scales.
  capabilities: { managedTls: false, privateIngress: true, scaleToZero: false, maxCpu: 4, maxMemoryMiB: 16 * 1024, policy: policyCapabilities },
  validate,
  plan,
};
