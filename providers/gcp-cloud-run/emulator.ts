// A local, stateful stand-in for the Cloud Run Admin API v2, served over gRPC on 127.0.0.1. The
// official client talks to it unchanged (only its endpoint and a dummy token differ), over the same
// default gRPC transport production uses, so tests and the sandbox exercise the real code path.
//
// Served: google.cloud.run.v2.Services Create/Get/List/Update/DeleteService and Get/SetIamPolicy,
// google.longrunning.Operations GetOperation, and on the same server Secret Manager
// (google.cloud.secretmanager.v1.SecretManagerService, see emulator-secrets.ts), whose secrets a revision
// reads when it starts; every other method answers UNIMPLEMENTED.
import { createServer, type AddressInfo, type Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { protos } from "@google-cloud/run";
import { Server, ServerCredentials, status, type handleUnaryCall } from "@grpc/grpc-js";
import type { EmulatorOptions, RunningEmulator } from "../emulator-types";
import { invalidArgument, rateLimited, RpcError, serverFault, toServerError, type Violation } from "./emulator-errors";
import { FaultInjector } from "./emulator-faults";
import { operationsService, secretManagerService, servicesService } from "./emulator-protos";
import { IamPolicies, policyViolations } from "./emulator-iam";
import { startRevision } from "./emulator-revision-start";
import { secretManagerMethods } from "./emulator-secrets";
import { SecretManagerStore } from "./emulator-secrets-state";
import { projectNumber, ServiceStore } from "./emulator-state";
import { LOCATION, LOCATION_FORM, nameViolations, SERVICE_NAME, SERVICE_NAME_FORM, serviceIdViolations, serviceViolations } from "./emulator-validate";

// Requests as decoded: every field may be absent, as the client's I* interfaces say.
type CreateServiceRequest = protos.google.cloud.run.v2.ICreateServiceRequest;
type UpdateServiceRequest = protos.google.cloud.run.v2.IUpdateServiceRequest;
type GetServiceRequest = protos.google.cloud.run.v2.IGetServiceRequest;
type DeleteServiceRequest = protos.google.cloud.run.v2.IDeleteServiceRequest;
type ListServicesRequest = protos.google.cloud.run.v2.IListServicesRequest;
type GetOperationRequest = protos.google.longrunning.IGetOperationRequest;
type GetIamPolicyRequest = protos.google.iam.v1.IGetIamPolicyRequest;
type SetIamPolicyRequest = protos.google.iam.v1.ISetIamPolicyRequest;

const DEFAULT_PROVISION_DELAY_MS = 2_000;

function check(request: string, violations: Violation[]): void {
  if (violations.length) throw invalidArgument(request, violations);
}

export interface CloudRunEmulatorOptions extends EmulatorOptions {
  /**
   * By project, the members (`serviceAccount:…`) an operator granted roles/secretmanager.secretAccessor on the
   * whole project; a revision's account may then read every secret of it. Unset: none.
   */
  projectSecretAccessors?: Record<string, string[]>;
}

export async function startEmulator(options: CloudRunEmulatorOptions = {}): Promise<RunningEmulator> {
  const secrets = new SecretManagerStore();
  const secretPolicies = new IamPolicies();
  const access = { secrets, iam: secretPolicies, projectAccessors: options.projectSecretAccessors ?? {}, projectNumber };
  const store = new ServiceStore(options.provisionDelayMs ?? DEFAULT_PROVISION_DELAY_MS, (service, project) => startRevision(service, project, access));
  const iam = new IamPolicies();
  const faults = new FaultInjector(options.faults ?? null);
  const counts: Record<string, number> = {};
  /** Open connections by peer address, so a "drop" can close the caller's socket. */
  const sockets = new Map<string, Socket>();
  const stopping = new AbortController();

  /** Counts the request, applies a fault if one is drawn, then answers. */
  function unary<Request>(operation: string, answer: (request: Request) => object): handleUnaryCall<Request, object> {
    return (call, callback) => {
      counts[operation] = (counts[operation] ?? 0) + 1;
      const reply = () => {
        try {
          callback(null, answer(call.request));
        } catch (error) {
          callback(toServerError(error));
        }
      };
      const fault = faults.draw();
      if (!fault) return reply();
      switch (fault.kind) {
        case "throttle":
          return callback(toServerError(rateLimited()));
        case "server-error":
          return callback(toServerError(serverFault()));
        case "latency":
          // Slow, then answered in full: a caller whose deadline passed may have given up, but the
          // change still happens, as it would on the real service.
          return void delay(fault.latencyMs, undefined, { signal: stopping.signal }).then(reply, () => undefined);
        case "drop": {
          // Close the connection without an answer. Calls of other clients sharing it fail too, as on a real network.
          const socket = sockets.get(call.getPeer());
          if (socket) return void socket.destroy();
          return callback(toServerError(new RpcError(status.UNAVAILABLE, "Connection dropped.")));
        }
      }
    };
  }

  const server = new Server();
  server.addService(servicesService, {
    CreateService: unary<CreateServiceRequest>("CreateService", (r) => {
      check("CreateServiceRequest", [...nameViolations("parent", r.parent, LOCATION, LOCATION_FORM), ...serviceIdViolations(r.serviceId), ...serviceViolations(r.service, "service")]);
      return store.create(r.parent!, r.serviceId!, r.service!);
    }),
    UpdateService: unary<UpdateServiceRequest>("UpdateService", (r) => {
      check("UpdateServiceRequest", [...nameViolations("service.name", r.service?.name, SERVICE_NAME, SERVICE_NAME_FORM), ...serviceViolations(r.service, "service")]);
      return store.update(r.service!);
    }),
    GetService: unary<GetServiceRequest>("GetService", (r) => {
      check("GetServiceRequest", nameViolations("name", r.name, SERVICE_NAME, SERVICE_NAME_FORM));
      return store.get(r.name!);
    }),
    ListServices: unary<ListServicesRequest>("ListServices", (r) => {
      const pageSize = r.pageSize ?? 0;
      check("ListServicesRequest", [...nameViolations("parent", r.parent, LOCATION, LOCATION_FORM), ...(pageSize < 0 ? [{ field: "page_size", description: "must not be negative" }] : [])]);
      return store.list(r.parent!, pageSize, r.pageToken ?? "");
    }),
    DeleteService: unary<DeleteServiceRequest>("DeleteService", (r) => {
      check("DeleteServiceRequest", nameViolations("name", r.name, SERVICE_NAME, SERVICE_NAME_FORM));
      const operation = store.delete(r.name!);
      iam.forget(r.name!);
      return operation;
    }),
    GetIamPolicy: unary<GetIamPolicyRequest>("GetIamPolicy", (r) => {
      check("GetIamPolicyRequest", nameViolations("resource", r.resource, SERVICE_NAME, SERVICE_NAME_FORM));
      store.get(r.resource!);
      return iam.get(r.resource!);
    }),
    SetIamPolicy: unary<SetIamPolicyRequest>("SetIamPolicy", (r) => {
      check("SetIamPolicyRequest", [...nameViolations("resource", r.resource, SERVICE_NAME, SERVICE_NAME_FORM), ...policyViolations(r.policy)]);
      store.get(r.resource!);
      return iam.set(r.resource!, r.policy!);
    }),
  });
  server.addService(
    secretManagerService,
    Object.fromEntries(Object.entries(secretManagerMethods(secrets, secretPolicies)).map(([method, answer]) => [method, unary<Record<string, unknown>>(`SecretManager.${method}`, answer)])),
  );
  server.addService(operationsService, {
    GetOperation: unary<GetOperationRequest>("GetOperation", (r) => {
      check("GetOperationRequest", r.name ? [] : [{ field: "name", description: "must be set" }]);
      return store.getOperation(r.name!);
    }),
  });

  // We own the TCP listener and hand each socket to gRPC, so a "drop" fault can close a real socket.
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const tcp = createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.set(peer, socket);
    socket.once("close", () => sockets.delete(peer));
    injector.injectConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (tcp.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFaults: (plan) => faults.set(plan),
    resourceNames: () => store.names(),
    requestCounts: () => ({ ...counts }),
    containerEnvironments: () => store.containerEnvironments(),
    storedSecrets: () => secrets.values(),
    async stop() {
      stopping.abort();
      store.stop();
      injector.destroy();
      server.forceShutdown();
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
