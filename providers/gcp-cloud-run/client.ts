// Builds the official Cloud Run client (and Secret Manager client, for a spec's secrets, and Cloud Logging's, for
// its logs) for one target, and the per-call retry options. A client lives for one adapter call and is closed after
// it: nothing is cached that another process would need. All speak gRPC to the same endpoint: the emulator serves
// every service on one port; real targets use each API's own Google endpoint.
import { type protos as loggingProtos, v2 as logging } from "@google-cloud/logging";
import { RevisionsClient, ServicesClient } from "@google-cloud/run";
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { credentials as grpcCredentials, status } from "@grpc/grpc-js";
import type { CallOptions, CancellableStream, ClientOptions } from "google-gax";
import { ProviderError } from "../errors";
import type { TargetConnection } from "../types";
import { googleAuthClient } from "./credentials";

/** Attempts per call when the target does not say; the job layer retries on top. */
export const DEFAULT_ATTEMPTS = 3;
/** The client's own timeout for CreateService and UpdateService (services_client_config.json). */
export const DEFAULT_CALL_TIMEOUT_MS = 15_000;

/**
 * Transient codes, retried for every call. The client itself retries only Get/List on UNAVAILABLE and
 * never Create/Update/Delete; retrying those is safe here because apply turns ALREADY_EXISTS into an
 * update with the same body and destroy takes NOT_FOUND as done. RESOURCE_EXHAUSTED and INTERNAL are
 * retried with backoff as Google's API guidance advises for rate limits and 500s.
 */
const RETRIED_CODES = [status.UNAVAILABLE, status.RESOURCE_EXHAUSTED, status.INTERNAL, status.DEADLINE_EXCEEDED];

/**
 * Always explicit credentials: the target's service account (./credentials.ts), so the library never looks for
 * ambient credentials or the metadata server. The default gRPC transport is used in production and against the
 * emulator alike; an http:// endpoint (the emulator) gets a plaintext channel, which carries no token; an
 * https:// one TLS with the token, trusting `caCertificate` when one is given (a private endpoint, the
 * sandbox's token-checking gateway), else the system's CAs.
 */
export function clientOptions(connection: TargetConnection): ClientOptions {
  const authClient = googleAuthClient(connection);
  if (!connection.endpoint) return { authClient };

  const url = new URL(connection.endpoint);
  if (url.protocol === "http:") {
    if (connection.caCertificate) throw new ProviderError("invalid", `Cloud Run endpoint ${url.origin} is plain http, so its CA certificate cannot apply: use https://`, "caCertificate");
    return { apiEndpoint: url.hostname, port: Number(url.port || 80), sslCreds: grpcCredentials.createInsecure(), authClient };
  }
  if (url.protocol === "https:") {
    const endpoint = { apiEndpoint: url.hostname, port: Number(url.port || 443), authClient };
    if (!connection.caCertificate) return endpoint;
    // google-gax takes sslCreds as they are, so the token is composed in here, as gax does for its own TLS
    // (grpc-js still wants the headers as a plain object).
    const token = grpcCredentials.createFromGoogleCredential({
      getRequestHeaders: async (url?: string) => Object.fromEntries((await authClient.getRequestHeaders(url)).entries()),
    });
    return { ...endpoint, sslCreds: grpcCredentials.combineChannelCredentials(grpcCredentials.createSsl(Buffer.from(connection.caCertificate)), token) };
  }
  throw new ProviderError("invalid", `Cloud Run endpoint "${connection.endpoint}" must be an http:// or https:// URL`, "endpoint");
}

export const servicesClient = (connection: TargetConnection) => new ServicesClient(clientOptions(connection));

export const revisionsClient = (connection: TargetConnection) => new RevisionsClient(clientOptions(connection));

export const secretManagerClient = (connection: TargetConnection) => new SecretManagerServiceClient(clientOptions(connection));

type ListRequest = loggingProtos.google.logging.v2.IListLogEntriesRequest;
type ListResponse = loggingProtos.google.logging.v2.IListLogEntriesResponse;
type LogEntry = loggingProtos.google.logging.v2.ILogEntry;

/** The methods Bulkhead calls on @google-cloud/logging's generated LoggingServiceV2Client (the package types `v2` as any). */
export interface LoggingClient {
  listLogEntries(request: ListRequest, options: CallOptions): Promise<[LogEntry[], ListRequest | null, ListResponse]>;
  tailLogEntries(options?: CallOptions): CancellableStream;
  close(): Promise<void>;
}

const LoggingServiceV2Client = (logging as { LoggingServiceV2Client: new (options: ClientOptions) => LoggingClient }).LoggingServiceV2Client;

export const loggingClient = (connection: TargetConnection): LoggingClient => new LoggingServiceV2Client(clientOptions(connection));

/** Per-call options honouring connection.maxAttempts: 1 turns retries off so every fault surfaces. */
export function callOptions(connection: TargetConnection, timeoutMs: number): CallOptions {
  const attempts = connection.maxAttempts ?? DEFAULT_ATTEMPTS;
  if (attempts <= 1) return { timeout: timeoutMs, retry: { retryCodes: [] } };
  return {
    timeout: timeoutMs,
    retry: {
      retryCodes: RETRIED_CODES,
      backoffSettings: {
        initialRetryDelayMillis: 200,
        retryDelayMultiplier: 2,
        maxRetryDelayMillis: 5_000,
        initialRpcTimeoutMillis: timeoutMs,
        rpcTimeoutMultiplier: 1,
        maxRpcTimeoutMillis: timeoutMs,
        maxRetries: attempts,
      },
    },
  };
}
