// Cloud Logging's client for one target, for a service's logs (./logs.ts): a file of its own so the log reader
// (./read-logs.ts) does not load Cloud Run's and Secret Manager's clients.
import { type protos as loggingProtos, v2 as logging } from "@google-cloud/logging";
import type { CallOptions, CancellableStream, ClientOptions } from "google-gax";
import type { TargetConnection } from "../types";
import { clientOptions } from "./client-options";

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
