// The CloudWatch Logs client that reads what the awslogs driver wrote for a service's tasks.
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { type ClientOptions, settings } from "./client-settings";
import type { ErrorContext } from "./map-error";

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
