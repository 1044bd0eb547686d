// The Cloud Run client (and Secret Manager client, for a spec's secrets) for one target. A client lives for one adapter
// call and is closed after it: nothing is cached that another process would need. Its settings and per-call retry
// options are ./client-options.ts; Cloud Logging's client, for the logs, is ./logging-client.ts.
import { RevisionsClient, ServicesClient } from "@google-cloud/run";
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import type { TargetConnection } from "../types";
import { clientOptions } from "./client-options";

export const servicesClient = (connection: TargetConnection) => new ServicesClient(clientOptions(connection));

export const revisionsClient = (connection: TargetConnection) => new RevisionsClient(clientOptions(connection));

export const secretManagerClient = (connection: TargetConnection) => new SecretManagerServiceClient(clientOptions(connection));
