// For tests that reach into the sandbox's three original clouds by name: the sandbox (../sandbox-clouds.ts) keyed by
// kind, each cloud with its own provider's types and the ids its tests use. A provider added later is reached through
// the sandbox's `cloud(kind)` instead.
import { SANDBOX_ACCOUNT_ID } from "../aws-ecs/sandbox";
import type { CloudSandbox, StartedCloud } from "../sandbox-clouds";

function cloudOf(sandbox: CloudSandbox, kind: StartedCloud["kind"]) {
  const { target, emulator, details } = sandbox.cloud(kind);
  return { endpoint: target.endpoint, caCertificate: target.caCertificate, emulator, details, coordinates: target.coordinates, credentials: target.credentials };
}

const wrongKind = (kind: string) => new Error(`The sandbox's ${kind} cloud holds another provider's target`);

export function sandboxByKind(sandbox: CloudSandbox) {
  const aws = cloudOf(sandbox, "aws-ecs");
  const azure = cloudOf(sandbox, "azure-aci");
  const gcp = cloudOf(sandbox, "gcp-cloud-run");
  const [awsCoordinates, awsCredentials] = [aws.coordinates, aws.credentials];
  const [azureCoordinates, azureCredentials] = [azure.coordinates, azure.credentials];
  const [gcpCoordinates, gcpCredentials] = [gcp.coordinates, gcp.credentials];
  if (awsCoordinates.kind !== "aws-ecs" || awsCredentials.kind !== "aws-ecs") throw wrongKind("aws-ecs");
  if (azureCoordinates.kind !== "azure-aci" || azureCredentials.kind !== "azure-aci" || "accessToken" in azureCredentials || !azureCoordinates.subnetId) throw wrongKind("azure-aci");
  if (gcpCoordinates.kind !== "gcp-cloud-run" || gcpCredentials.kind !== "gcp-cloud-run" || "accessToken" in gcpCredentials) throw wrongKind("gcp-cloud-run");
  return {
    "aws-ecs": { ...aws, coordinates: awsCoordinates, credentials: awsCredentials, accountId: SANDBOX_ACCOUNT_ID },
    "azure-aci": { ...azure, coordinates: azureCoordinates, credentials: azureCredentials, subscriptionId: azureCoordinates.subscriptionId, subnetId: azureCoordinates.subnetId, clientCertificate: String(azure.details.clientCertificate) },
    "gcp-cloud-run": { ...gcp, coordinates: gcpCoordinates, credentials: gcpCredentials, projectId: gcpCoordinates.projectId },
    tokenLifetimeSeconds: sandbox.tokenLifetimeSeconds,
    tokensIssued: () => sandbox.tokensIssued(),
    refusals: () => sandbox.refusals(),
    stop: () => sandbox.stop(),
  };
}

export type SandboxByKind = ReturnType<typeof sandboxByKind>;
