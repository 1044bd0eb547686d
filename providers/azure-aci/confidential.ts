// Pure: ACI's Confidential SKU and what it changes. A confidential container group runs in a hardware trusted execution
// environment (AMD SEV-SNP, memory encrypted) and is the only SKU that honours a container's securityContext beyond
// `privileged`: the standard SKU refuses runAsUser, allowPrivilegeEscalation and capabilities with
// SecurityContextNotSupported (MicrosoftDocs/azure-docs#123837; hashicorp/terraform-provider-azurerm#23034).
import type { ContainerGroup, SecurityContextDefinition } from "@azure/arm-containerinstance";
import type { DeploymentSpec } from "../types";

/** The "nonroot" user of distroless images: containers never run as root where the SKU lets Bulkhead say so. */
export const NON_ROOT_UID = 65532;

/**
 * The confidential computing enforcement policy of Microsoft's own example of a confidential group (Container Groups -
 * Create Or Update, example "ConfidentialContainerGroup"): `{"allow_all": true, …}`, any container may run. The
 * hardware isolation and memory encryption hold whatever the policy; a policy pinning the images is generated per
 * app with `az confcom acipolicygen`, which Bulkhead does not run.
 */
export const ALLOW_ALL_CCE_POLICY = "eyJhbGxvd19hbGwiOiB0cnVlLCAiY29udGFpbmVycyI6IHsibGVuZ3RoIjogMCwgImVsZW1lbnRzIjogbnVsbH19";

/** The Confidential SKU is chosen when the app's placement asks for confidential compute. */
export const isConfidential = (spec: DeploymentSpec) => spec.policy?.confidentialCompute === true;

/** The group-level fields of the SKU: none on the standard SKU. */
export function skuFields(spec: DeploymentSpec): Pick<ContainerGroup, "sku" | "confidentialComputeProperties"> {
  return isConfidential(spec) ? { sku: "Confidential", confidentialComputeProperties: { ccePolicy: ALLOW_ALL_CCE_POLICY } } : {};
}

/**
 * A container's securityContext as the SKU accepts it: on the Confidential SKU non-root, no privilege escalation and
 * every capability dropped (`add` given back where a container needs one); elsewhere only "not privileged".
 */
export function securityContextFor(spec: DeploymentSpec, add: string[] = []): SecurityContextDefinition {
  if (!isConfidential(spec)) return { privileged: false };
  return { runAsUser: NON_ROOT_UID, runAsGroup: NON_ROOT_UID, privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], ...(add.length ? { add } : {}) } };
}
