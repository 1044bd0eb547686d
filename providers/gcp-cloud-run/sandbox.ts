// The sandbox's Google Cloud as an installation meets it: Cloud Run and Compute (the emulator) behind a gRPC front door
// that checks tokens, and Google's OAuth token endpoint, where a service account's key file gets them.
import type { SandboxCloud, SandboxContext } from "../provider-module";
import { serviceGroup } from "../sandbox-services";
import { TokenLedger } from "../token-ledger";
import { makeLoadBalancer } from "./emulated-load-balancer";
import { startEmulator } from "./emulator";
import { startGrpcGate } from "./grpc-gate";
import { makeServiceAccount, startGoogleOAuthEmulator } from "./oauth-emulator";
import type { GcpCoordinates, GcpCredentials } from "./target-schema";

export const SANDBOX_PROJECT_ID = "bulkhead-sandbox";

export async function startGcpSandbox(context: SandboxContext): Promise<SandboxCloud<GcpCoordinates, GcpCredentials>> {
  const services = serviceGroup();
  try {
    const ledger = new TokenLedger(context.tokenLifetimeSeconds);
    const accounts: Parameters<typeof startGoogleOAuthEmulator>[0]["accounts"] = [];
    const oauth = services.started(await startGoogleOAuthEmulator({ ledger, accounts }));
    // A service account whose key file names the local token endpoint.
    const serviceAccount = makeServiceAccount(SANDBOX_PROJECT_ID, "bulkhead-deployer", oauth.tokenUri);
    accounts.push(serviceAccount.account);
    // A project allowed 1,000 service accounts (one per app; IAM's default quota is 100, which a real project raises the
    // same way, so the P5 benchmark's apps fit), and the load balancer the target declares (SSL policy sandbox-tls12 at
    // TLS 1.2, its HTTP front end redirecting), made through Compute's API, where apply reads it back.
    const run = services.started(await startEmulator({ provisionDelayMs: context.provisionDelayMs, probePeriodMs: context.probePeriodMs, stateDir: context.stateDir, serviceAccountsPerProject: 1000 }));
    await makeLoadBalancer(run.url, { project: SANDBOX_PROJECT_ID, name: "sandbox-web", sslPolicy: "sandbox-tls12", minTlsVersion: "1.2", http: "redirect", address: "203.0.113.10" });
    const gate = services.started(await startGrpcGate({ tls: context.tls, upstream: run.url, ledger }));
    const credentials: GcpCredentials = { kind: "gcp-cloud-run", serviceAccountKey: serviceAccount.keyFile };
    const coordinates: GcpCoordinates = { kind: "gcp-cloud-run", region: "europe-west1", projectId: SANDBOX_PROJECT_ID, loadBalancer: { sslPolicy: "sandbox-tls12", minTlsVersion: "1.2", redirectsHttp: true } };
    return {
      target: { name: "sandbox-cloud-run", coordinates, credentials, labels: { zone: "public" }, endpoint: gate.url, caCertificate: context.tls.cert },
      emulator: run,
      details: { endpoint: gate.url, caCertificate: context.tls.cert, credentials, projectId: SANDBOX_PROJECT_ID },
      tokens: { service: "google", issued: () => ledger.issuedCounts() },
      refusals: () => gate.refusals(),
      stop: services.stopAll,
    };
  } catch (error) {
    await services.stopAll();
    throw error;
  }
}
