// The sandbox's three clouds as a real installation meets them: each cloud's API (the emulators), behind a front
// door that checks tokens, and the token services the official credential libraries get those tokens from —
// AWS STS (a role assumed with an external id), Microsoft Entra ID over HTTPS (a service principal with a secret
// or a certificate) and Google's OAuth token endpoint (a service account key). Tokens last
// `tokenLifetimeSeconds`, short on purpose, so anything that does not renew them fails within minutes. All on
// 127.0.0.1, in one process; `npm run emulator -- clouds` runs it on its own and prints what to register.
import { randomUUID } from "node:crypto";
import { generate } from "selfsigned";
import { startArmGate } from "./azure-aci/arm-gate";
import { ensureSandboxNetwork, type SandboxNetwork } from "./azure-aci/sandbox-network";
import { startEmulator as startAzureAci } from "./azure-aci/emulator";
import { startEntraEmulator } from "./azure-aci/entra-emulator";
import { startEmulator as startAwsEcs } from "./aws-ecs/emulator";
import { ensureLandingZone } from "./aws-ecs/sandbox-landing-zone";
import { startStsEmulator } from "./aws-ecs/sts-emulator";
import type { RunningEmulator } from "./emulator-types";
import { startGrpcGate } from "./gcp-cloud-run/grpc-gate";
import { makeLoadBalancer } from "./gcp-cloud-run/emulated-load-balancer";
import { startEmulator as startCloudRun } from "./gcp-cloud-run/emulator";
import { makeServiceAccount, startGoogleOAuthEmulator } from "./gcp-cloud-run/oauth-emulator";
import { TokenLedger } from "./token-ledger";
import type { AwsCoordinates, AwsCredentials, AzureServicePrincipal, GcpServiceAccount, ProviderKind } from "./types";

export interface CloudSandboxOptions {
  /** Time from an accepted create until a resource runs (each emulator's provisionDelayMs). */
  provisionDelayMs?: number;
  /** How long every token and role session lasts. */
  tokenLifetimeSeconds?: number;
  /** Where the emulators that keep state keep it between starts (the launcher's data folder); unset: memory only. */
  stateDir?: string;
}

/**
 * The Azure target's network, made in its emulator as an operator would make it in Azure: a subnet delegated to
 * container groups, associated with the network security group where apply writes the link and egress rules.
 */
export const SANDBOX_AZURE_NETWORK: SandboxNetwork = { resourceGroup: "sandbox-network", virtualNetwork: "sandbox-vnet", subnet: "aci", securityGroup: "sandbox-aci-nsg", addressSpace: "10.0.0.0/16", subnetPrefix: "10.0.0.0/20" };

/** Everything an operator enters to register a target on one sandbox cloud, and the emulator behind it. */
export interface SandboxCloud<Credentials> {
  /** The API endpoint to give the target (the token-checking front door where there is one). */
  endpoint: string;
  /** PEM to trust for the endpoint (and for Entra's), where it is HTTPS. */
  caCertificate?: string;
  credentials: Credentials;
  emulator: RunningEmulator;
}

export interface CloudSandbox {
  "aws-ecs": SandboxCloud<AwsCredentials> & { accountId: string; coordinates: AwsCoordinates };
  "azure-aci": SandboxCloud<AzureServicePrincipal> & { subscriptionId: string; clientCertificate: string; subnetId: string };
  "gcp-cloud-run": SandboxCloud<GcpServiceAccount> & { projectId: string };
  tokenLifetimeSeconds: number;
  /** Tokens and role sessions handed out so far, per token service and subject. */
  tokensIssued(): Record<"sts" | "entra" | "google", Record<string, number>>;
  /** Calls the front doors refused for their token (expired, unknown), per cloud. */
  refusals(): Partial<Record<ProviderKind, Record<string, number>>>;
  stop(): Promise<void>;
}

export const SANDBOX_ACCOUNT_ID = "000000000000";
/**
 * The sandbox IAM user's access key id, the same at every start (its secret is new each time). The AWS emulator checks
 * which key a request is signed with, not the signature, so out-of-band tooling (Debian's aws CLI in the drift journey)
 * reaches the sandbox's account with this id and a dummy secret.
 */
export const SANDBOX_AWS_ACCESS_KEY_ID = "AKIASANDBOX000000000";
export const SANDBOX_SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000000";
export const SANDBOX_PROJECT_ID = "bulkhead-sandbox";

/** A certificate for 127.0.0.1 (TLS clients check the subjectAltName) and its key; RSA so it can also sign assertions. */
async function certificate(commonName: string): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keyType: "rsa",
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startCloudSandbox(options: CloudSandboxOptions = {}): Promise<CloudSandbox> {
  const lifetime = options.tokenLifetimeSeconds ?? 900;
  const provisionDelayMs = options.provisionDelayMs;
  const stops: (() => Promise<void>)[] = [];
  const started = <T extends { stop(): Promise<void> }>(service: T) => (stops.push(() => service.stop()), service);
  try {
    const tls = await certificate("127.0.0.1");

    // AWS: an IAM user's key that may assume one role, with the role's external id; ECS knows the key and the
    // sessions STS hands out for as long as they last.
    const aws: AwsCredentials = {
      kind: "aws-ecs",
      accessKeyId: SANDBOX_AWS_ACCESS_KEY_ID,
      secretAccessKey: `sandbox-secret-${randomUUID()}`,
      assumeRole: { roleArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/bulkhead-deployer`, externalId: "bulkhead-sandbox" },
    };
    const liveKeyIds = [aws.accessKeyId];
    const ecs = started(await startAwsEcs({ provisionDelayMs, accessKeyIds: liveKeyIds, stateDir: options.stateDir }));
    // The account's cluster, VPC, subnets, shared task group, HTTPS listener (TLS 1.2 and up, HTTP redirected) and
    // Service Connect namespace, made through the AWS SDKs with the user's own key, as an operator would before
    // registering the target; found again, not made twice, over the state the emulator kept.
    const landingZone = await ensureLandingZone(ecs.url, aws, { name: "sandbox", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true });
    const sts = started(
      await startStsEmulator({ tokenLifetimeSeconds: lifetime, accessKeys: { [aws.accessKeyId]: aws.secretAccessKey }, roles: [{ ...aws.assumeRole!, trustedKeyIds: [aws.accessKeyId] }], liveKeyIds, accountId: SANDBOX_ACCOUNT_ID }),
    );

    // Azure: a service principal that may sign in with its secret or its certificate.
    const entraLedger = new TokenLedger(lifetime);
    const principalCertificate = await certificate("bulkhead-sandbox-deployer");
    const principal = { tenantId: "00000000-0000-4000-8000-0000000000aa", clientId: "00000000-0000-4000-8000-0000000000bb", clientSecret: `sandbox-client-secret-${randomUUID()}` };
    const entra = started(await startEntraEmulator({ tls, ledger: entraLedger, applications: [{ ...principal, certificate: principalCertificate.cert }] }));
    const aci = started(await startAzureAci({ provisionDelayMs, stateDir: options.stateDir }));
    // Straight to the emulator, as the operator's own tooling would set it up before registering the target.
    const subnetId = await ensureSandboxNetwork(
      { coordinates: { kind: "azure-aci", region: "westeurope", subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: SANDBOX_AZURE_NETWORK.resourceGroup }, credentials: { kind: "azure-aci", accessToken: "sandbox-setup" }, endpoint: aci.url, caCertificate: aci.caCertificate },
      SANDBOX_AZURE_NETWORK,
    );
    const arm = started(await startArmGate({ tls, ledger: entraLedger, upstream: { url: aci.url, caCertificate: aci.caCertificate! }, authority: `${entra.url}/${principal.tenantId}` }));

    // Google Cloud: a service account whose key file names the local token endpoint.
    const googleLedger = new TokenLedger(lifetime);
    const accounts: Parameters<typeof startGoogleOAuthEmulator>[0]["accounts"] = [];
    const oauth = started(await startGoogleOAuthEmulator({ ledger: googleLedger, accounts }));
    const serviceAccount = makeServiceAccount(SANDBOX_PROJECT_ID, "bulkhead-deployer", oauth.tokenUri);
    accounts.push(serviceAccount.account);
    // A project allowed 1,000 service accounts (one per app; IAM's default quota is 100, which a real project raises the
    // same way, so the P5 benchmark's apps fit), and the load balancer the target declares (SSL policy sandbox-tls12 at
    // TLS 1.2, its HTTP front end redirecting), made through Compute's API, where apply reads it back.
    const run = started(await startCloudRun({ provisionDelayMs, stateDir: options.stateDir, serviceAccountsPerProject: 1000 }));
    await makeLoadBalancer(run.url, { project: SANDBOX_PROJECT_ID, name: "sandbox-web", sslPolicy: "sandbox-tls12", minTlsVersion: "1.2", http: "redirect", address: "203.0.113.10" });
    const gate = started(await startGrpcGate({ tls, upstream: run.url, ledger: googleLedger }));

    return {
      "aws-ecs": { endpoint: ecs.url, credentials: { ...aws, stsEndpoint: sts.url }, emulator: ecs, accountId: SANDBOX_ACCOUNT_ID, coordinates: landingZone },
      "azure-aci": {
        endpoint: arm.url,
        caCertificate: tls.cert,
        credentials: { kind: "azure-aci", ...principal, authorityHost: entra.url },
        clientCertificate: `${principalCertificate.key}\n${principalCertificate.cert}`,
        emulator: aci,
        subscriptionId: SANDBOX_SUBSCRIPTION_ID,
        subnetId,
      },
      "gcp-cloud-run": { endpoint: gate.url, caCertificate: tls.cert, credentials: { kind: "gcp-cloud-run", serviceAccountKey: serviceAccount.keyFile }, emulator: run, projectId: SANDBOX_PROJECT_ID },
      tokenLifetimeSeconds: lifetime,
      tokensIssued: () => ({ sts: sts.sessionsIssued(), entra: entraLedger.issuedCounts(), google: googleLedger.issuedCounts() }),
      refusals: () => ({ "azure-aci": arm.refusals(), "gcp-cloud-run": gate.refusals() }),
      stop: async () => void (await Promise.all(stops.map((stop) => stop()))),
    };
  } catch (error) {
    await Promise.all(stops.map((stop) => stop()));
    throw error;
  }
}
