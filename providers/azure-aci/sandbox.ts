// The sandbox's Azure as an installation meets it: Azure Resource Manager (the ACI emulator) behind a front door that
// checks Microsoft Entra ID tokens, and Entra ID over HTTPS, where a service principal signs in with its secret or its
// certificate.
import { randomUUID } from "node:crypto";
import type { SandboxCloud, SandboxContext } from "../provider-module";
import { serviceGroup } from "../sandbox-services";
import { TokenLedger } from "../token-ledger";
import { startArmGate } from "./arm-gate";
import { startEmulator } from "./emulator";
import { startEntraEmulator } from "./entra-emulator";
import { ensureSandboxNetwork, type SandboxNetwork } from "./sandbox-network";
import type { AzureCoordinates, AzureCredentials } from "./target-schema";

export const SANDBOX_SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000000";

/**
 * The target's network, made in the emulator as an operator would make it in Azure: a subnet delegated to container
 * groups, associated with the network security group where apply writes the link and egress rules.
 */
export const SANDBOX_AZURE_NETWORK: SandboxNetwork = { resourceGroup: "sandbox-network", virtualNetwork: "sandbox-vnet", subnet: "aci", securityGroup: "sandbox-aci-nsg", addressSpace: "10.0.0.0/16", subnetPrefix: "10.0.0.0/20" };

export async function startAzureSandbox(context: SandboxContext): Promise<SandboxCloud<AzureCoordinates, AzureCredentials>> {
  const services = serviceGroup();
  try {
    const ledger = new TokenLedger(context.tokenLifetimeSeconds);
    const principalCertificate = await context.certificate("bulkhead-sandbox-deployer");
    const principal = { tenantId: "00000000-0000-4000-8000-0000000000aa", clientId: "00000000-0000-4000-8000-0000000000bb", clientSecret: `sandbox-client-secret-${randomUUID()}` };
    const entra = services.started(await startEntraEmulator({ tls: context.tls, ledger, applications: [{ ...principal, certificate: principalCertificate.cert }] }));
    const aci = services.started(await startEmulator({ provisionDelayMs: context.provisionDelayMs, probePeriodMs: context.probePeriodMs, stateDir: context.stateDir }));
    // Straight to the emulator, as the operator's own tooling would set it up before registering the target.
    const subnetId = await ensureSandboxNetwork(
      {
        coordinates: { kind: "azure-aci", region: "westeurope", subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: SANDBOX_AZURE_NETWORK.resourceGroup },
        credentials: { kind: "azure-aci", accessToken: "sandbox-setup" },
        endpoint: aci.url,
        caCertificate: aci.caCertificate,
      },
      SANDBOX_AZURE_NETWORK,
    );
    const arm = services.started(await startArmGate({ tls: context.tls, ledger, upstream: { url: aci.url, caCertificate: aci.caCertificate! }, authority: `${entra.url}/${principal.tenantId}` }));
    const credentials: AzureCredentials = { kind: "azure-aci", ...principal, authorityHost: entra.url };
    const clientCertificate = `${principalCertificate.key}\n${principalCertificate.cert}`;
    // The target approves a TLS sidecar and declares the delegated subnet with its NSG.
    const coordinates: AzureCoordinates = {
      kind: "azure-aci",
      region: "westeurope",
      subscriptionId: SANDBOX_SUBSCRIPTION_ID,
      resourceGroup: "sandbox",
      subnetId,
      tlsSidecar: {
        image: `mcr.microsoft.com/bulkhead/tls-sidecar@sha256:${"5".repeat(64)}`,
        certificateUrl: "https://sandbox-vault.vault.azure.net/certificates/ingress",
        clientCaUrl: "https://sandbox-vault.vault.azure.net/certificates/client-ca",
        identityId: `/subscriptions/${SANDBOX_SUBSCRIPTION_ID}/resourceGroups/sandbox/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tls-sidecar`,
      },
    };
    return {
      target: { name: "sandbox-azure-aci", coordinates, credentials, labels: { zone: "private" }, endpoint: arm.url, caCertificate: context.tls.cert },
      emulator: aci,
      details: { endpoint: arm.url, caCertificate: context.tls.cert, credentials, clientCertificate, subscriptionId: SANDBOX_SUBSCRIPTION_ID, subnetId },
      tokens: { service: "entra", issued: () => ledger.issuedCounts() },
      refusals: () => arm.refusals(),
      stop: services.stopAll,
    };
  } catch (error) {
    await services.stopAll();
    throw error;
  }
}
