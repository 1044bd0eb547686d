// Kubernetes, as it describes itself to the registry (../provider-module.ts).
import type { ProviderModule } from "../provider-module";
import { lazyAdapter } from "../lazy-adapter";
import { kubernetesDescription } from "./adapter-description";
import { enforcementOf } from "./policy-enforcement";
import { credentialIdentity, form, identityFields, tlsInfrastructure } from "./target-description";
import { kubernetesCoordinates, kubernetesCredentials, type KubernetesCredentials } from "./target-schema";

export const kubernetes: ProviderModule<"kubernetes", typeof kubernetesCoordinates, typeof kubernetesCredentials, KubernetesCredentials> = {
  kind: "kubernetes",
  displayName: "Kubernetes",
  coordinates: kubernetesCoordinates,
  identityFields,
  credentials: kubernetesCredentials,
  credentialIdentity,
  form,
  tlsInfrastructure,
  // Bulkhead's pods name no node architecture; it assumes the common linux/amd64 node pool:
  // https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-arch
  imagePlatform: { os: "linux", architecture: "amd64" },
  enforcementOf,
  adapter: lazyAdapter(kubernetesDescription, async () => (await import("./adapter")).kubernetesAdapter),
  emulator: () => import("./emulator"),
  sandbox: async (context) => (await import("./sandbox")).startKubernetesSandbox(context),
  files: {
    emulators: ["kubernetes/emulator.ts"],
    planners: ["kubernetes/plan.ts", "kubernetes/policy-enforcement.ts", "kubernetes/target-description.ts"],
  },
};
