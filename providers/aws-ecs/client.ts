// One ECSClient (and, for a spec with secrets, one SecretsManagerClient; with a policy, EC2, ELBv2 and Cloud Map
// clients; for logs, a CloudWatchLogsClient) per call, configured only from the target connection: explicit
// credentials (the access key, or the role it assumes: ./credentials.ts), region, endpoint and retries, so nothing
// ambient (environment, ~/.aws, instance metadata) is consulted. All clients point at the same endpoint: the emulator
// serves every API on one port, and a real target's regional endpoints are derived by each SDK.
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { ProviderError } from "../errors";
import type { SecretValues, TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
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

export interface ConnectedSecrets {
  client: SecretsManagerClient;
  coordinates: AwsCoordinates;
  errors: ErrorContext;
}

/** The settings both SDK clients share, from the connection alone. */
function settings(connection: TargetConnection, options: ClientOptions) {
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

export function connect(connection: TargetConnection, options: ClientOptions): Connected {
  const { coordinates, config, credentialValues } = settings(connection, options);
  return { client: new ECSClient(config), coordinates, errors: { target: `cluster "${coordinates.cluster}" in ${coordinates.region}`, secrets: credentialValues } };
}

/** The Secrets Manager client for storing a spec's secrets; its errors never carry a credential or a secret value. */
export function connectSecrets(connection: TargetConnection, options: ClientOptions, values: SecretValues = {}): ConnectedSecrets {
  const { coordinates, config, credentialValues } = settings(connection, options);
  return {
    client: new SecretsManagerClient(config),
    coordinates,
    errors: { target: `cluster "${coordinates.cluster}" in ${coordinates.region}`, secrets: [...credentialValues, ...Object.values(values)], service: "AWS Secrets Manager" },
  };
}

export interface ConnectedLogs {
  client: CloudWatchLogsClient;
  coordinates: AwsCoordinates;
  errors: ErrorContext;
}

/** The CloudWatch Logs client that reads what the awslogs driver wrote for a service's tasks. */
export function connectLogs(connection: TargetConnection, options: ClientOptions): ConnectedLogs {
  const { coordinates, config, credentialValues } = settings(connection, options);
  return {
    // StartLiveTail goes to the "streaming-" host of the regional endpoint; an explicit endpoint (the emulator on
    // 127.0.0.1) is used as given.
    client: new CloudWatchLogsClient({ ...config, ...(connection.endpoint ? { disableHostPrefix: true } : {}) }),
    coordinates,
    errors: { target: `cluster "${coordinates.cluster}" in ${coordinates.region}`, secrets: credentialValues, service: "Amazon CloudWatch Logs" },
  };
}

/** The network APIs an app's security group, target group, listener rule and namespace check go through. */
export interface ConnectedNetwork {
  ec2: EC2Client;
  elb: ElasticLoadBalancingV2Client;
  cloudMap: ServiceDiscoveryClient;
  coordinates: AwsCoordinates;
  /** How each API's errors are named in messages. */
  errors: Record<"ec2" | "elb" | "cloudMap", ErrorContext>;
  destroy(): void;
}

export function connectNetwork(connection: TargetConnection, options: ClientOptions): ConnectedNetwork {
  const { coordinates, config, credentialValues } = settings(connection, options);
  const target = `cluster "${coordinates.cluster}" in ${coordinates.region}`;
  const clients = { ec2: new EC2Client(config), elb: new ElasticLoadBalancingV2Client(config), cloudMap: new ServiceDiscoveryClient(config) };
  return {
    ...clients,
    coordinates,
    errors: {
      ec2: { target, secrets: credentialValues, service: "Amazon EC2" },
      elb: { target, secrets: credentialValues, service: "Elastic Load Balancing" },
      cloudMap: { target, secrets: credentialValues, service: "AWS Cloud Map" },
    },
    destroy: () => Object.values(clients).forEach((client) => client.destroy()),
  };
}
