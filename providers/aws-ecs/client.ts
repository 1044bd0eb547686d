// One ECSClient (and, for a spec with secrets, one SecretsManagerClient; with a policy, EC2, ELBv2 and Cloud Map
// clients) per call, configured only from the target connection (./client-settings.ts; the CloudWatch Logs client is
// ./logs-client.ts). All clients point at the same endpoint: the emulator serves every API on one port, and a real
// target's regional endpoints are derived by each SDK.
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import type { SecretValues, TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { type ClientOptions, settings } from "./client-settings";
import type { ErrorContext } from "./map-error";

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
