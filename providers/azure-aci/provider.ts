// Azure Container Instances, as it describes itself to the registry (../provider-module.ts).
import type { ProviderModule } from "../provider-module";
import { lazyAdapter } from "../lazy-adapter";
import { azureAciDescription } from "./adapter-description";
import { enforcementOf } from "./policy-enforcement";
import { credentialIdentity, form, identityFields, tlsInfrastructure } from "./target-description";
import { azureCoordinates, azureLastingCredentials, type AzureCredentials } from "./target-schema";

export const azureAci: ProviderModule<"azure-aci", typeof azureCoordinates, typeof azureLastingCredentials, AzureCredentials> = {
  kind: "azure-aci",
  displayName: "Azure Container Instances",
  coordinates: azureCoordinates,
  identityFields,
  credentials: azureLastingCredentials,
  credentialIdentity,
  form,
  tlsInfrastructure,
  // The plan's container group is osType Linux (plan.ts), whose hosts are x86-64:
  // https://learn.microsoft.com/azure/container-instances/container-instances-overview#linux-and-windows-containers
  imagePlatform: { os: "linux", architecture: "amd64" },
  enforcementOf,
  adapter: lazyAdapter(azureAciDescription, async () => (await import("./adapter")).azureAciAdapter),
  emulator: () => import("./emulator"),
  sandbox: async (context) => (await import("./sandbox")).startAzureSandbox(context),
  files: {
    emulators: ["azure-aci/emulator.ts", "azure-aci/entra-emulator.ts", "azure-aci/arm-gate.ts"],
    planners: ["azure-aci/plan.ts", "azure-aci/policy-enforcement.ts", "azure-aci/target-description.ts"],
  },
};
