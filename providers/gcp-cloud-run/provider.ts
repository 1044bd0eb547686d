// Google Cloud Run, as it describes itself to the registry (../provider-module.ts).
import type { ProviderModule } from "../provider-module";
import { lazyAdapter } from "../lazy-adapter";
import { gcpCloudRunDescription } from "./adapter-description";
import { enforcementOf } from "./policy-enforcement";
import { credentialIdentity, form, identityFields, tlsInfrastructure } from "./target-description";
import { gcpCoordinates, gcpLastingCredentials, type GcpCredentials } from "./target-schema";

export const gcpCloudRun: ProviderModule<"gcp-cloud-run", typeof gcpCoordinates, typeof gcpLastingCredentials, GcpCredentials> = {
  kind: "gcp-cloud-run",
  displayName: "Google Cloud Run",
  coordinates: gcpCoordinates,
  identityFields,
  credentials: gcpLastingCredentials,
  credentialIdentity,
  form,
  tlsInfrastructure,
  // "Executables in the container image must be compiled for Linux 64-bit" (amd64):
  // https://cloud.google.com/run/docs/container-contract#executables
  imagePlatform: { os: "linux", architecture: "amd64" },
  enforcementOf,
  adapter: lazyAdapter(gcpCloudRunDescription, async () => (await import("./adapter")).gcpCloudRunAdapter),
  emulator: () => import("./emulator"),
  sandbox: async (context) => (await import("./sandbox")).startGcpSandbox(context),
  files: {
    emulators: ["gcp-cloud-run/emulator.ts", "gcp-cloud-run/oauth-emulator.ts", "gcp-cloud-run/grpc-gate.ts"],
    planners: ["gcp-cloud-run/plan.ts", "gcp-cloud-run/policy-enforcement.ts", "gcp-cloud-run/target-description.ts"],
  },
};
