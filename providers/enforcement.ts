// Provider kind → its pure policy rendering, without the SDK-laden adapters, so the server's pure
// policy evaluation can ask "what enforces each setting here?" with no I/O. One line per provider.
import { enforcementOf as awsEcs } from "./aws-ecs/policy-enforcement";
import { enforcementOf as azureAci } from "./azure-aci/policy-enforcement";
import { enforcementOf as gcpCloudRun } from "./gcp-cloud-run/policy-enforcement";
import type { DeploymentSpec, SettingEnforcement, TargetCoordinates } from "./types";

export function enforcementFor(spec: DeploymentSpec, coordinates: TargetCoordinates): SettingEnforcement[] {
  switch (coordinates.kind) {
    case "aws-ecs":
      return awsEcs(spec, coordinates);
    case "azure-aci":
      return azureAci(spec, coordinates);
    case "gcp-cloud-run":
      return gcpCloudRun(spec, coordinates);
  }
}
