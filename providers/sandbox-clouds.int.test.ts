import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "./errors";
import { adapterFor } from "./registry";
import { startCloudSandbox } from "./sandbox-clouds";
import { sandboxByKind, type SandboxByKind } from "./testing/sandbox-by-kind";
import type { ProviderCredentials, TargetConnection, TargetCoordinates } from "./types";

/** The clouds whose token services and front doors this file drives. */
type SandboxKind = "aws-ecs" | "azure-aci" | "gcp-cloud-run";

// The official SDKs and credential libraries against the sandbox's token services and token-checking front
// doors: lasting credentials keep working across token lifetimes of two seconds, because the libraries renew
// them; a token taken once and kept is refused once it expires; wrong credentials are refused by the token
// service, in its own words, as a ProviderError of kind "credentials".

const LIFETIME_SECONDS = 2;
let sandbox: SandboxByKind;

beforeAll(async () => {
  sandbox = sandboxByKind(await startCloudSandbox({ provisionDelayMs: 50, tokenLifetimeSeconds: LIFETIME_SECONDS }));
});
afterAll(() => sandbox?.stop());

const coordinates = (kind: SandboxKind): TargetCoordinates =>
  kind === "aws-ecs"
    ? { kind, region: "eu-west-1", cluster: "sandbox", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/ecsTaskExecutionRole" }
    : kind === "azure-aci"
      ? { kind, region: "westeurope", subscriptionId: sandbox["azure-aci"].subscriptionId, resourceGroup: "sandbox" }
      : { kind, region: "europe-west1", projectId: sandbox["gcp-cloud-run"].projectId };

function connection(kind: SandboxKind, credentials?: ProviderCredentials): TargetConnection {
  const cloud = sandbox[kind];
  return { coordinates: coordinates(kind), credentials: credentials ?? cloud.credentials, endpoint: cloud.endpoint, caCertificate: cloud.caCertificate, maxAttempts: 1 };
}

async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe.each(["aws-ecs", "azure-aci", "gcp-cloud-run"] as const)("%s", (kind) => {
  it("tests the connection with the target's lasting credentials, and again after its tokens have expired", { timeout: 30_000 }, async () => {
    const adapter = adapterFor(kind);
    expect(await adapter.testConnection(connection(kind))).toMatch(/answered/);
    const before = JSON.stringify(sandbox.tokensIssued());
    await sleep(LIFETIME_SECONDS * 1000 + 500);
    expect(await adapter.testConnection(connection(kind))).toMatch(/answered/);
    expect(JSON.stringify(sandbox.tokensIssued())).not.toBe(before);
  });
});

describe("tokens that are not renewed", () => {
  it("a role session's key is refused by ECS once it has expired", { timeout: 30_000 }, async () => {
    const { STSClient, AssumeRoleCommand } = await import("@aws-sdk/client-sts");
    const { credentials, endpoint } = { credentials: sandbox["aws-ecs"].credentials, endpoint: sandbox["aws-ecs"].credentials.stsEndpoint };
    const sts = new STSClient({ region: "eu-west-1", endpoint, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } });
    const { Credentials: session } = await sts.send(new AssumeRoleCommand({ RoleArn: credentials.assumeRole!.roleArn, ExternalId: credentials.assumeRole!.externalId, RoleSessionName: "kept" }));
    sts.destroy();
    const kept: ProviderCredentials = { kind: "aws-ecs", accessKeyId: session!.AccessKeyId!, secretAccessKey: session!.SecretAccessKey!, sessionToken: session!.SessionToken! };
    expect(await adapterFor("aws-ecs").testConnection(connection("aws-ecs", kept))).toMatch(/answered/);
    await sleep(LIFETIME_SECONDS * 1000 + 500);
    expect((await refusal(adapterFor("aws-ecs").testConnection(connection("aws-ecs", kept)))).kind).toBe("credentials");
  });

  it.each(["azure-aci", "gcp-cloud-run"] as const)("%s: a token obtained once is refused by the front door once it has expired", { timeout: 30_000 }, async (kind) => {
    const token = await obtainToken(kind);
    const kept = { kind, accessToken: token } as ProviderCredentials;
    expect(await adapterFor(kind).testConnection(connection(kind, kept))).toMatch(/answered/);
    await sleep(LIFETIME_SECONDS * 1000 + 500);
    const error = await refusal(adapterFor(kind).testConnection(connection(kind, kept)));
    expect(error.kind).toBe("credentials");
    expect(sandbox.refusals()[kind]?.expired).toBeGreaterThan(0);
  });
});

/** A token from the cloud's token service, as the credential library gets it. */
async function obtainToken(kind: "azure-aci" | "gcp-cloud-run"): Promise<string> {
  if (kind === "azure-aci") {
    const { azureCredential } = await import("./azure-aci/credentials");
    const endpoint = sandbox["azure-aci"].endpoint;
    return (await azureCredential(connection(kind)).getToken(`${endpoint}/.default`))!.token;
  }
  const { googleAuthClient } = await import("./gcp-cloud-run/credentials");
  return (await googleAuthClient(connection(kind)).getAccessToken()).token!;
}

describe("wrong credentials are refused by the token service, in its words", () => {
  it("AWS: a wrong secret key (signature) and a wrong external id", async () => {
    const good = sandbox["aws-ecs"].credentials;
    const badSecret = await refusal(adapterFor("aws-ecs").testConnection(connection("aws-ecs", { ...good, secretAccessKey: "not-the-secret" })));
    expect(badSecret.kind).toBe("credentials");
    expect(badSecret.message).toMatch(/SignatureDoesNotMatch/);
    expect(badSecret.message).not.toContain("not-the-secret");
    const badExternalId = await refusal(adapterFor("aws-ecs").testConnection(connection("aws-ecs", { ...good, assumeRole: { ...good.assumeRole!, externalId: "guess" } })));
    expect(badExternalId.message).toMatch(/not authorized to perform: sts:AssumeRole.*\[AccessDenied\]/);
  });

  it("Azure: a wrong client secret; the certificate instead of the secret works", async () => {
    const good = sandbox["azure-aci"].credentials;
    const wrong = await refusal(adapterFor("azure-aci").testConnection(connection("azure-aci", { ...good, clientSecret: "wrong-secret-value" })));
    expect(wrong.kind).toBe("credentials");
    expect(wrong.message).toMatch(/AADSTS7000215/);
    expect(wrong.message).not.toContain("wrong-secret-value");
    const { clientSecret: _secret, ...principal } = good;
    expect(await adapterFor("azure-aci").testConnection(connection("azure-aci", { ...principal, clientCertificate: sandbox["azure-aci"].clientCertificate }))).toMatch(/answered/);
  });

  it("Google: a key the token service does not know", async () => {
    const { makeServiceAccount } = await import("./gcp-cloud-run/oauth-emulator");
    const key = JSON.parse(sandbox["gcp-cloud-run"].credentials.serviceAccountKey) as { token_uri: string };
    const stranger = makeServiceAccount("bulkhead-sandbox", "stranger", key.token_uri);
    const error = await refusal(adapterFor("gcp-cloud-run").testConnection(connection("gcp-cloud-run", { kind: "gcp-cloud-run", serviceAccountKey: stranger.keyFile })));
    expect(error.kind).toBe("credentials");
    expect(error.message).toMatch(/account not found/);
  });
});
