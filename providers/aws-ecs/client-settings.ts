// The settings every SDK client of a target shares, from the target connection alone: explicit credentials (the access
// key, or the role it assumes: ./credentials.ts), region, endpoint and retries, so nothing ambient (environment,
// ~/.aws, instance metadata) is consulted. A file of its own so the log reader (./read-logs.ts) builds its client
// without loading the other APIs' SDKs.
import { ProviderError } from "../errors";
import type { TargetConnection } from "../types";
import { awsCredentials } from "./credentials";

export interface ClientOptions {
  /** Per HTTP attempt; a slower answer counts as a timeout (and is retried by the SDK). */
  requestTimeoutMs: number;
}

/** What the adapter gives each call unless told otherwise. */
export const DEFAULT_CLIENT_OPTIONS: ClientOptions = { requestTimeoutMs: 30_000 };

/** The settings the SDK clients share, with the credential values their errors must never show. */
export function settings(connection: TargetConnection, options: ClientOptions) {
  const { coordinates, credentials } = connection;
  if (coordinates.kind !== "aws-ecs") throw new ProviderError("invalid", `An AWS ECS adapter cannot use a ${coordinates.kind} target`, "target");
  if (credentials.kind !== "aws-ecs") throw new ProviderError("credentials", `The target in ${coordinates.region} has no AWS credentials`);
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const config = {
    region: coordinates.region,
    credentials: awsCredentials(credentials, coordinates.region, options.requestTimeoutMs),
    // Without an endpoint the SDK derives the regional one; never one from AWS_ENDPOINT_URL_* or ~/.aws.
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    // "auto" would probe the instance metadata service to learn where it runs.
    defaultsMode: "standard" as const,
    retryMode: "standard",
    maxAttempts: connection.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: options.requestTimeoutMs, requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true },
  };
  return { coordinates, config, credentialValues: [accessKeyId, secretAccessKey, sessionToken ?? ""] };
}
