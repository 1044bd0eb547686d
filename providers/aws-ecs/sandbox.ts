// The sandbox's AWS as an installation meets it: ECS (the emulator) and AWS STS, where an IAM user's key assumes one
// role with the role's external id; ECS knows the key and the sessions STS hands out for as long as they last.
import { randomUUID } from "node:crypto";
import type { SandboxCloud, SandboxContext } from "../provider-module";
import { startEmulator } from "./emulator";
import { ensureLandingZone } from "./sandbox-landing-zone";
import { startStsEmulator } from "./sts-emulator";
import type { AwsCoordinates, AwsCredentials } from "./target-schema";

export const SANDBOX_ACCOUNT_ID = "000000000000";
/**
 * The sandbox IAM user's access key id, the same at every start (its secret is new each time). The AWS emulator checks
 * which key a request is signed with, not the signature, so out-of-band tooling (Debian's aws CLI in the drift journey)
 * reaches the sandbox's account with this id and a dummy secret.
 */
export const SANDBOX_AWS_ACCESS_KEY_ID = "AKIASANDBOX000000000";

export async function startAwsSandbox(context: SandboxContext): Promise<SandboxCloud<AwsCoordinates, AwsCredentials>> {
  const role = { roleArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/bulkhead-deployer`, externalId: "bulkhead-sandbox" };
  const aws: AwsCredentials = { kind: "aws-ecs", accessKeyId: SANDBOX_AWS_ACCESS_KEY_ID, secretAccessKey: `sandbox-secret-${randomUUID()}`, assumeRole: role };
  const liveKeyIds = [aws.accessKeyId];
  const ecs = await startEmulator({ provisionDelayMs: context.provisionDelayMs, probePeriodMs: context.probePeriodMs, accessKeyIds: liveKeyIds, stateDir: context.stateDir });
  try {
    // The account's cluster, VPC, subnets, shared task group, HTTPS listener (TLS 1.2 and up, HTTP redirected) and
    // Service Connect namespace, made through the AWS SDKs with the user's own key, as an operator would before
    // registering the target; found again, not made twice, over the state the emulator kept.
    const coordinates = await ensureLandingZone(ecs.url, aws, { name: "sandbox", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true });
    const sts = await startStsEmulator({
      tokenLifetimeSeconds: context.tokenLifetimeSeconds,
      accessKeys: { [aws.accessKeyId]: aws.secretAccessKey },
      roles: [{ ...role, trustedKeyIds: [aws.accessKeyId] }],
      liveKeyIds,
      accountId: SANDBOX_ACCOUNT_ID,
    });
    const credentials: AwsCredentials = { ...aws, stsEndpoint: sts.url };
    return {
      target: { name: "sandbox-aws-ecs", coordinates, credentials, labels: { zone: "public" }, endpoint: ecs.url },
      emulator: ecs,
      details: { endpoint: ecs.url, credentials, accountId: SANDBOX_ACCOUNT_ID, coordinates },
      tokens: { service: "sts", issued: () => sts.sessionsIssued() },
      stop: async () => void (await Promise.all([ecs.stop(), sts.stop()])),
    };
  } catch (error) {
    await ecs.stop();
    throw error;
  }
}
