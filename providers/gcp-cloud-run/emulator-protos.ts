// The wire format, loaded from the protos the official clients are generated from: Cloud Run v2 from
// @google-cloud/run, Secret Manager v1 from @google-cloud/secret-manager, Cloud Logging v2 from @google-cloud/logging,
// google.longrunning, google.iam and google.rpc from google-gax. The emulator therefore speaks the same gRPC the
// clients (and so production) speak, byte for byte.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ServiceDefinition } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import protobuf from "protobufjs";

const require = createRequire(import.meta.url);
const runProtos = path.join(path.dirname(require.resolve("@google-cloud/run/package.json")), "build", "protos");
// google-gax as @google-cloud/run resolves it (its main is build/src/index.js; protos sit in build/protos).
const gaxMain = createRequire(require.resolve("@google-cloud/run")).resolve("google-gax");
const gaxProtos = path.resolve(path.dirname(gaxMain), "..", "protos");

// Requests arrive as plain objects with camelCase fields, enums as names and int64 as strings: the
// same shapes the client's own interfaces (protos.google.cloud.run.v2.I*) describe.
const definition = loadSync(["google/cloud/run/v2/service.proto", "google/cloud/run/v2/revision.proto", "google/longrunning/operations.proto"], {
  includeDirs: [runProtos, gaxProtos],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
});

export const servicesService = definition["google.cloud.run.v2.Services"] as ServiceDefinition;
export const revisionsService = definition["google.cloud.run.v2.Revisions"] as ServiceDefinition;
/** Where Cloud Run's .proto files and those they import are, for other clients to compile them from. */
export const cloudRunProtoDirectories = [runProtos, gaxProtos];
export const operationsService = definition["google.longrunning.Operations"] as ServiceDefinition;

const secretManagerProtos = path.join(path.dirname(require.resolve("@google-cloud/secret-manager/package.json")), "build", "protos");
const secretManagerDefinition = loadSync(["google/cloud/secretmanager/v1/service.proto"], {
  includeDirs: [secretManagerProtos, gaxProtos],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
});
export const secretManagerService = secretManagerDefinition["google.cloud.secretmanager.v1.SecretManagerService"] as ServiceDefinition;
/** Where Secret Manager's .proto files and those they import are, for other clients to compile them from. */
export const secretManagerProtoDirectories = [secretManagerProtos, gaxProtos];

// Cloud Logging v2, from @google-cloud/logging's own generated client (@google-cloud/logging-api ships the protos).
const loggingMain = createRequire(require.resolve("@google-cloud/logging")).resolve("@google-cloud/logging-api");
const loggingProtos = path.resolve(path.dirname(loggingMain), "..", "protos");
const loggingDefinition = loadSync(["google/logging/v2/logging.proto"], {
  includeDirs: [loggingProtos, gaxProtos],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
});
export const loggingService = loggingDefinition["google.logging.v2.LoggingServiceV2"] as ServiceDefinition;
/** Where Cloud Logging's .proto files and those they import are, for other clients to compile them from. */
export const loggingProtoDirectories = [loggingProtos, gaxProtos];

/**
 * google.protobuf.Any as proto-loader serializes it. protobufjs keeps Any's own field names even with `keepCase:
 * false`: a `typeUrl` key is silently dropped, and an Any with an empty type URL is one Python, Go and Java clients
 * cannot unpack (`Any.Unpack` compares the URL with the message type).
 */
export interface WireAny {
  type_url: string;
  value: Buffer;
}

/** A Service packed into an Any, as Cloud Run puts it in an Operation's metadata and response. */
export function serviceAny(service: object): WireAny {
  return { type_url: "type.googleapis.com/google.cloud.run.v2.Service", value: servicesService.GetService.responseSerialize(service) };
}

// google.rpc.Status and its detail messages, from the very file the client decodes them with.
const rpcRoot = protobuf.Root.fromJSON(JSON.parse(readFileSync(path.join(gaxProtos, "status.json"), "utf8")));

export type ErrorDetail =
  | { type: "BadRequest"; fieldViolations: { field: string; description: string }[] }
  | { type: "ErrorInfo"; reason: string; domain: string; metadata: Record<string, string> }
  | { type: "QuotaFailure"; violations: { subject: string; description: string }[] }
  | { type: "RetryInfo"; retryDelay: { seconds: number } };

/** The bytes of the `grpc-status-details-bin` trailer: a google.rpc.Status with typed details. */
export function statusDetailsBin(code: number, message: string, details: ErrorDetail[]): Buffer {
  const Status = rpcRoot.lookupType("google.rpc.Status");
  const packed = details.map(({ type, ...fields }) => {
    const Detail = rpcRoot.lookupType(`google.rpc.${type}`);
    return { type_url: `type.googleapis.com/google.rpc.${type}`, value: Detail.encode(Detail.fromObject(fields)).finish() };
  });
  return Buffer.from(Status.encode(Status.fromObject({ code, message, details: packed })).finish());
}
