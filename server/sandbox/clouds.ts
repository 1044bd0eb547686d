import path from "node:path";
import { startEmulator as startAwsEcs } from "@/providers/aws-ecs/emulator";
import { startEmulator as startAzureAci } from "@/providers/azure-aci/emulator";
import { ensureSandboxNetwork, subnetIdOf, type SandboxNetwork } from "@/providers/azure-aci/sandbox-network";
import { makeLoadBalancer } from "@/providers/gcp-cloud-run/emulated-load-balancer";
import { startEmulator as startCloudRunEmulator } from "@/providers/gcp-cloud-run/emulator";
import type { EmulatorOptions, RunningEmulator } from "@/providers/emulator-types";
import { upsertSandboxTarget, type SandboxTarget } from "@/server/targets/service";

// The sandbox: the three clouds' local emulators, started in this process, and a target for each.
// The emulators only ever listen on 127.0.0.1 and take dummy credentials. The Azure target approves a TLS
// sidecar and the Cloud Run one sits behind a TLS 1.2 load balancer (which exists in its Compute emulator), so an
// operator can require ingress TLS and see it enforced there (and refused on ECS, which has no HTTPS listener here).

type Sandbox = Omit<SandboxTarget, "endpoint" | "caCertificate">;

const AZURE_SUBSCRIPTION = "00000000-0000-4000-8000-000000000000";
/**
 * The Azure target's network, made in its emulator as an operator would make it in Azure: a subnet delegated to
 * container groups, associated with the network security group where apply writes the link and egress rules.
 */
const azureNetwork: SandboxNetwork = { resourceGroup: "sandbox-network", virtualNetwork: "sandbox-vnet", subnet: "aci", securityGroup: "sandbox-aci-nsg", addressSpace: "10.0.0.0/16", subnetPrefix: "10.0.0.0/20" };

/**
 * Emulators that keep their state keep it here, so restarting Bulkhead is not a wipe of its clouds: in the data folder
 * the launcher pins (BULKHEAD_DATA_DIR), never in tests, which start fresh clouds per file.
 */
const cloudsDir = () => (process.env.BULKHEAD_DATA_DIR ? path.join(process.env.BULKHEAD_DATA_DIR, "clouds") : undefined);

/**
 * The Cloud Run sandbox: its state kept across restarts, a project allowed 1,000 service accounts (one per app; IAM's
 * default quota is 100, which a real project raises the same way, so the P5 benchmark's apps fit), and the load
 * balancer the target declares — SSL policy sandbox-tls12 at TLS 1.2, its HTTP front end redirecting — made through
 * Compute's API, where apply reads it back.
 */
async function startCloudRun(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startCloudRunEmulator({ ...options, stateDir: cloudsDir(), serviceAccountsPerProject: 1000 });
  await makeLoadBalancer(emulator.url, { project: "bulkhead-sandbox", name: "sandbox-web", sslPolicy: "sandbox-tls12", minTlsVersion: "1.2", http: "redirect", address: "203.0.113.10" });
  return emulator;
}

const targets: [Sandbox, typeof startAwsEcs][] = [
  [
    {
      name: "sandbox-aws-ecs",
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "sandbox", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/ecsTaskExecutionRole" },
      credentials: { kind: "aws-ecs", accessKeyId: "AKIASANDBOX000000000", secretAccessKey: "sandbox-secret-access-key" },
      labels: { residency: "eu", zone: "public", sandbox: "true" },
    },
    startAwsEcs,
  ],
  [
    {
      name: "sandbox-azure-aci",
      coordinates: {
        kind: "azure-aci",
        region: "westeurope",
        subscriptionId: AZURE_SUBSCRIPTION,
        resourceGroup: "sandbox",
        subnetId: subnetIdOf(AZURE_SUBSCRIPTION, azureNetwork),
        tlsSidecar: {
          image: `mcr.microsoft.com/bulkhead/tls-sidecar@sha256:${"5".repeat(64)}`,
          certificateUrl: "https://sandbox-vault.vault.azure.net/certificates/ingress",
          clientCaUrl: "https://sandbox-vault.vault.azure.net/certificates/client-ca",
          identityId: "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/sandbox/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tls-sidecar",
        },
      },
      credentials: { kind: "azure-aci", accessToken: "sandbox-azure-token" },
      labels: { residency: "eu", zone: "private", sandbox: "true" },
    },
    startAzureAci,
  ],
  [
    {
      name: "sandbox-cloud-run",
      coordinates: {
        kind: "gcp-cloud-run",
        region: "europe-west1",
        projectId: "bulkhead-sandbox",
        loadBalancer: { sslPolicy: "sandbox-tls12", minTlsVersion: "1.2", redirectsHttp: true },
      },
      credentials: { kind: "gcp-cloud-run", accessToken: "sandbox-gcp-token" },
      labels: { residency: "eu", zone: "public", sandbox: "true" },
    },
    startCloudRun,
  ],
];

export async function startSandboxClouds(options: { provisionDelayMs?: number } = {}): Promise<{ emulators: RunningEmulator[]; stop(): Promise<void> }> {
  const emulators: RunningEmulator[] = [];
  for (const [target, start] of targets) {
    const azure = target.coordinates.kind === "azure-aci";
    const emulator = await start({ provisionDelayMs: options.provisionDelayMs, ...(azure ? { stateDir: cloudsDir() } : {}) });
    emulators.push(emulator);
    const connection = { ...target, endpoint: emulator.url, caCertificate: emulator.caCertificate };
    if (connection.coordinates.kind === "azure-aci") await ensureSandboxNetwork({ ...connection, coordinates: connection.coordinates }, azureNetwork);
    await upsertSandboxTarget(connection);
  }
  return { emulators, stop: async () => void (await Promise.all(emulators.map((emulator) => emulator.stop()))) };
}
