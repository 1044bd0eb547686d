// The credentials an ECS client signs with: the target's access key as is, or, when the target names a role,
// that role's temporary credentials from STS AssumeRole (with the external id the role's trust policy asks
// for). Temporary credentials are kept per process and renewed before they expire, so a target registered
// once keeps working however short-lived its role sessions are; nothing else is cached.
import { createHash } from "node:crypto";
import type { ECSClientConfig } from "@aws-sdk/client-ecs";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { ProviderError } from "../errors";
import type { AwsCredentials } from "./target-schema";

type Credentials = NonNullable<ECSClientConfig["credentials"]>;
interface Temporary {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** When the session was obtained: its lifetime decides how early it is renewed. */
  obtainedAt: number;
}

/** Asked of STS; AWS allows 900 s to the role's maximum. A shorter session is what STS then grants. */
const SESSION_SECONDS = 3600;
const sessions = new Map<string, { current?: Temporary; pending?: Promise<Temporary> }>();

/** Renewed once a quarter of its lifetime is left (at most five minutes before it ends): never used stale. */
function fresh(session: Temporary | undefined, now = Date.now()): session is Temporary {
  if (!session) return false;
  const lifetime = session.expiration.getTime() - session.obtainedAt;
  return session.expiration.getTime() - now > Math.min(5 * 60_000, lifetime / 4);
}

/** STS's refusal in words an operator can act on; the SDK's error never carries the secret key. */
function stsError(error: unknown, roleArn: string): ProviderError {
  const { name = "Error", message = String(error), $metadata } = (error ?? {}) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  const refused = status !== undefined && status >= 400 && status < 500 && status !== 429;
  return refused
    ? new ProviderError("credentials", `AWS STS refused to let the target's access key assume ${roleArn}: ${message} [${name}]`)
    : new ProviderError("unavailable", `AWS STS did not grant a session for ${roleArn} this time (${status ? `HTTP ${status}` : "no answer"}): ${message} [${name}]`);
}

async function assumeRole(credentials: AwsCredentials, region: string, requestTimeoutMs: number): Promise<Temporary> {
  const role = credentials.assumeRole!;
  const sts = new STSClient({
    region,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    // As for ECS: nothing ambient (environment, ~/.aws, instance metadata) is consulted.
    ...(credentials.stsEndpoint ? { endpoint: credentials.stsEndpoint } : {}),
    ignoreConfiguredEndpointUrls: true,
    defaultsMode: "standard",
    retryMode: "standard",
    maxAttempts: 3,
    requestHandler: { connectionTimeout: requestTimeoutMs, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true },
  });
  try {
    const obtainedAt = Date.now();
    const { Credentials: granted } = await sts.send(
      new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: role.sessionName ?? "bulkhead", ExternalId: role.externalId, DurationSeconds: SESSION_SECONDS }),
    );
    if (!granted?.AccessKeyId || !granted.SecretAccessKey || !granted.SessionToken || !granted.Expiration) {
      throw new ProviderError("unavailable", `AWS STS answered AssumeRole for ${role.roleArn} without credentials`);
    }
    return { accessKeyId: granted.AccessKeyId, secretAccessKey: granted.SecretAccessKey, sessionToken: granted.SessionToken, expiration: granted.Expiration, obtainedAt };
  } catch (error) {
    throw error instanceof ProviderError ? error : stsError(error, role.roleArn);
  } finally {
    sts.destroy();
  }
}

/** What ECSClient's `credentials` takes for this target: the key itself, or a provider of the role's current session. */
export function awsCredentials(credentials: AwsCredentials, region: string, requestTimeoutMs: number): Credentials {
  const { accessKeyId, secretAccessKey, sessionToken, assumeRole: role } = credentials;
  if (!role) return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  const key = createHash("sha256").update(JSON.stringify([accessKeyId, secretAccessKey, role.roleArn, role.externalId, role.sessionName, credentials.stsEndpoint, region])).digest("hex");
  return async () => {
    const entry = sessions.get(key) ?? {};
    sessions.set(key, entry);
    if (fresh(entry.current)) return entry.current;
    // One renewal at a time per role session, however many calls need it at once.
    entry.pending ??= assumeRole(credentials, region, requestTimeoutMs).finally(() => (entry.pending = undefined));
    entry.current = await entry.pending;
    return entry.current;
  };
}
