import path from "node:path";
import { startCloudSandbox, type CloudSandbox } from "@/providers/sandbox-clouds";
import type { RunningEmulator } from "@/providers/emulator-types";
import type { TargetCoordinates } from "@/providers/types";
import { upsertSandboxTarget } from "@/server/targets/service";
import { setting } from "@/server/config/env";

// The sandbox: the three clouds' local emulators with their token services (providers/sandbox-clouds.ts),
// started in this process, and a target for each holding lasting credentials (an access key assuming a role,
// a service principal, a service account key), so their tokens are renewed as on real clouds. The ECS target sits
// behind an HTTPS listener under a TLS 1.2 policy with a Service Connect namespace (its landing zone, made in its
// emulator), the Azure target approves a TLS sidecar and declares a subnet delegated to container groups with its NSG
// (made in its emulator), and the Cloud Run one sits behind a TLS 1.2 load balancer (which exists in its Compute
// emulator), so an operator can require ingress TLS and see it enforced everywhere, and raise the minimum to TLS 1.3
// and see ECS and Cloud Run deployments flagged.

const names = { "aws-ecs": "sandbox-aws-ecs", "azure-aci": "sandbox-azure-aci", "gcp-cloud-run": "sandbox-cloud-run" } as const;

function sandboxTargets(clouds: CloudSandbox) {
  const coordinates: Record<keyof typeof names, TargetCoordinates> = {
    // What the landing zone made in the emulator (its ids are the emulator's).
    "aws-ecs": clouds["aws-ecs"].coordinates,
    "azure-aci": {
      kind: "azure-aci",
      region: "westeurope",
      subscriptionId: clouds["azure-aci"].subscriptionId,
      resourceGroup: "sandbox",
      subnetId: clouds["azure-aci"].subnetId,
      tlsSidecar: {
        image: `mcr.microsoft.com/bulkhead/tls-sidecar@sha256:${"5".repeat(64)}`,
        certificateUrl: "https://sandbox-vault.vault.azure.net/certificates/ingress",
        clientCaUrl: "https://sandbox-vault.vault.azure.net/certificates/client-ca",
        identityId: `/subscriptions/${clouds["azure-aci"].subscriptionId}/resourceGroups/sandbox/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tls-sidecar`,
      },
    },
    "gcp-cloud-run": {
      kind: "gcp-cloud-run",
      region: "europe-west1",
      projectId: clouds["gcp-cloud-run"].projectId,
      loadBalancer: { sslPolicy: "sandbox-tls12", minTlsVersion: "1.2", redirectsHttp: true },
    },
  };
  const labels = { "aws-ecs": { zone: "public" }, "azure-aci": { zone: "private" }, "gcp-cloud-run": { zone: "public" } };
  return (Object.keys(names) as (keyof typeof names)[]).map((kind) => ({
    name: names[kind],
    coordinates: coordinates[kind],
    credentials: clouds[kind].credentials,
    labels: { residency: "eu", ...labels[kind], sandbox: "true" },
    endpoint: clouds[kind].endpoint,
    caCertificate: clouds[kind].caCertificate,
  }));
}

/**
 * Emulators that keep their state keep it here, so restarting Bulkhead is not a wipe of its clouds: in the data folder
 * the launcher pins (BULKHEAD_DATA_DIR), never in tests, which start fresh clouds per file.
 */
const cloudsDir = () => {
  const dataDir = setting("BULKHEAD_DATA_DIR");
  return dataDir ? path.join(dataDir, "clouds") : undefined;
};

export async function startSandboxClouds(options: { provisionDelayMs?: number; tokenLifetimeSeconds?: number } = {}): Promise<{ clouds: CloudSandbox; emulators: RunningEmulator[]; stop(): Promise<void> }> {
  const clouds = await startCloudSandbox({ ...options, stateDir: cloudsDir() });
  try {
    for (const target of sandboxTargets(clouds)) await upsertSandboxTarget(target);
  } catch (error) {
    await clouds.stop();
    throw error;
  }
  return { clouds, emulators: [clouds["aws-ecs"].emulator, clouds["azure-aci"].emulator, clouds["gcp-cloud-run"].emulator], stop: () => clouds.stop() };
}
