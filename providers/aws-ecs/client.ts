// One ECSClient per call, configured only from the target connection: explicit credentials (the access key, or
// the role it assumes: ./credentials.ts), region, endpoint and retries, so nothing ambient (environment,
// ~/.aws, instance metadata) is consulted.
import { ECSClient } from "@aws-sdk/client-ecs";
import { ProviderError } from "../errors";
import type { AwsCoordinates, TargetConnection } from "../types";
import { awsCredentials } from "./credentials";
import type { ErrorContext } from "./map-error";

export interface ClientOptions {
  /** Per HTTP attempt; a slower answer counts as a timeout (and is retried by the SDK). */
  requestTimeoutMs: number;
}

export interface Connected {
  client: ECSClient;
  coordinates: AwsCoordinates;
  errors: ErrorContext;
}

export function connect(connection: TargetConnection, options: ClientOptions): Connected {
  const { coordinates, credentials } = connection;
  if (coordinates.kind !== "aws-ecs") throw new ProviderError("invalid", `An AWS ECS adapter cannot use a ${coordinates.kind} target`, "target");
  if (credentials.kind !== "aws-ecs") throw new ProviderError("credentials", `The target in ${coordinates.region} has no AWS credentials`);
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const client = new ECSClient({
    region: coordinates.region,
    credentials: awsCredentials(credentials, coordinates.region, options.requestTimeoutMs),
    // Without an endpoint the SDK derives the regional one; never one from AWS_ENDPOINT_URL_* or ~/.aws.
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    // "auto" would probe the instance metadata service to learn where it runs.
    defaultsMode: "standard",
    retryMode: "standard",
    maxAttempts: connection.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: options.requestTimeoutMs, requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true },
  });
  return {
    client,
    coordinates,
    errors: { target: `cluster "${coordinates.cluster}" in ${coordinates.region}`, secrets: [accessKeyId, secretAccessKey, sessionToken ?? ""] },
  };
}
