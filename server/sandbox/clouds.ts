import path from "node:path";
import { startEmulator as startAwsEcs } from "@/providers/aws-ecs/emulator";
import { startEmulator as startAzureAci } from "@/providers/azure-aci/emulator";
import { makeLoadBalancer } from "@/providers/gcp-cloud-run/emulated-load-balancer";
import { startEmulator as startCloudRunEmulator } from "@/providers/gcp-cloud-run/emulator";
import type { EmulatorOptions, RunningEmulator } from "@/providers/emulator-types";
import { upsertSandboxTarget, type SandboxTarget } from "@/server/targets/service";

// The sandbox: the three clouds' local emulators, started in this process, and a target for each.
// The emulators only ever listen on 127.0.0.1 and take dummy credentials. The Azure target approves a TLS
// sidecar and the Cloud Run one sits behind a TLS 1.2 load balancer (which exists in its Compute emulator), so an
// operator can require ingress TLS and see it enforced there (and refused on ECS, which has no HTTPS listener here).

type Sandbox = Omit<SandboxTarget, "endpoint" | "caCertificate">;

/** Where the launcher keeps the sandbox clouds' state (it always sets BULKHEAD_DATA_DIR); unset, e.g. in tests: memory only. */
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
        subscriptionId: "00000000-0000-4000-8000-000000000000",
        resourceGroup: "sandbox",
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
    const emulator = await start({ provisionDelayMs: options.provisionDelayMs });
    emulators.push(emulator);
    await upsertSandboxTarget({ ...target, endpoint: emulator.url, caCertificate: emulator.caCertificate });
  }
  return { emulators, stop: async () => void (await Promise.all(emulators.map((emulator) => emulator.stop()))) };
}
