import path from "node:path";
import { startEmulator as startAwsEcs } from "@/providers/aws-ecs/emulator";
import { ensureLandingZone } from "@/providers/aws-ecs/sandbox-landing-zone";
import { startEmulator as startAzureAci } from "@/providers/azure-aci/emulator";
import { startEmulator as startCloudRun } from "@/providers/gcp-cloud-run/emulator";
import type { EmulatorOptions, RunningEmulator } from "@/providers/emulator-types";
import type { TargetCoordinates } from "@/providers/types";
import { upsertSandboxTarget, type SandboxTarget } from "@/server/targets/service";

// The sandbox: the three clouds' local emulators, started in this process, and a target for each.
// The emulators only ever listen on 127.0.0.1 and take dummy credentials. The ECS target sits behind an HTTPS
// listener under a TLS 1.2 policy (with a Service Connect namespace), the Azure target approves a TLS sidecar and
// the Cloud Run one sits behind a TLS 1.2 load balancer, so an operator can require ingress TLS and see it
// enforced everywhere, and raise the minimum to TLS 1.3 and see ECS and Cloud Run deployments flagged.

type Sandbox = Omit<SandboxTarget, "endpoint" | "caCertificate">;
type Start = (options: EmulatorOptions) => Promise<RunningEmulator>;
/** Makes, in a started cloud, what its target declares (network, listeners, namespaces); the target's coordinates. */
type Prepare = (emulator: RunningEmulator) => Promise<TargetCoordinates>;

/**
 * Where emulators that can keep their state do (restarting Bulkhead is then not a wipe of its clouds): the launcher
 * always sets BULKHEAD_DATA_DIR; tests do not, and their clouds live in memory.
 */
const stateDir = () => (process.env.BULKHEAD_DATA_DIR ? path.join(process.env.BULKHEAD_DATA_DIR, "clouds") : undefined);

const awsSandbox = { accessKeyId: "AKIASANDBOX000000000", secretAccessKey: "sandbox-secret-access-key" };

const targets: [Sandbox, Start, Prepare?][] = [
  [
    {
      name: "sandbox-aws-ecs",
      // Replaced at start by what the landing zone made (its ids are the emulator's).
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "sandbox", subnets: [], securityGroups: [], executionRoleArn: "arn:aws:iam::000000000000:role/ecsTaskExecutionRole" },
      credentials: { kind: "aws-ecs", ...awsSandbox },
      labels: { residency: "eu", zone: "public", sandbox: "true" },
    },
    (options) => startAwsEcs({ ...options, stateDir: stateDir() }),
    // The account's VPC, subnets, shared security group, HTTPS listener (TLS 1.2 and up, HTTP redirected) and
    // Service Connect namespace, made through the AWS SDKs; found again, not made twice, over the kept state.
    (emulator) => ensureLandingZone(emulator.url, awsSandbox, { name: "sandbox", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true }),
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
  for (const [target, start, prepare] of targets) {
    const emulator = await start({ provisionDelayMs: options.provisionDelayMs });
    emulators.push(emulator);
    const coordinates = prepare ? await prepare(emulator) : target.coordinates;
    await upsertSandboxTarget({ ...target, coordinates, endpoint: emulator.url, caCertificate: emulator.caCertificate });
  }
  return { emulators, stop: async () => void (await Promise.all(emulators.map((emulator) => emulator.stop()))) };
}
