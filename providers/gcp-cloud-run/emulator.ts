// A local, stateful stand-in for the Google APIs a Cloud Run target uses, on one port of 127.0.0.1. The official
// clients talk to it unchanged (only their endpoint and a dummy token differ), over the same transports production
// uses, so tests and the sandbox exercise the real code path.
//
// gRPC: google.cloud.run.v2.Services Create/Get/List/Update/DeleteService and Get/Set/TestIamPermissions,
// google.cloud.run.v2.Revisions Get/ListRevisions,
// google.longrunning.Operations Get/List/WaitOperation, and Secret Manager (google.cloud.secretmanager.v1, see
// emulator-secrets.ts), whose secrets a revision reads when it starts, and Cloud Logging's ListLogEntries and
// TailLogEntries with what the revisions' instances print (emulator-logging.ts); every other method answers
// UNIMPLEMENTED.
// HTTP/JSON on the same port (emulator-listener.ts): IAM service accounts (emulator-iam-rest.ts), which every IAM
// policy here may name only while they exist, and Compute's load-balancing resources (emulator-compute.ts).
import { createServer as createHttpServer } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { protos } from "@google-cloud/run";
import { Server, ServerCredentials, status, type handleUnaryCall, type ServerUnaryCall } from "@grpc/grpc-js";
import type { EmulatorOptions, RunningEmulator } from "../emulator-types";
import { invalidArgument, rateLimited, RpcError, serverFault, toServerError, type Violation } from "./emulator-errors";
import { type ComputeSnapshot, ComputeStore, computeRoutes } from "./emulator-compute";
import { FaultInjector } from "./emulator-faults";
import { listLogEntries, tailLogEntries } from "./emulator-logging";
import { loggingService, operationsService, revisionsService, secretManagerService, servicesService } from "./emulator-protos";
import { DEFAULT_ACCOUNTS_PER_PROJECT, ServiceAccounts, type StoredAccount } from "./emulator-iam-accounts";
import { iamRoutes } from "./emulator-iam-rest";
import { IamPolicies, permissionsHeld, policyViolations, type StoredPolicy } from "./emulator-iam";
import { listen } from "./emulator-listener";
import { restHandler } from "./emulator-rest";
import { RevisionRuns } from "./emulator-revision-runs";
import { REVISION_NAME, REVISION_NAME_FORM } from "./emulator-revisions";
import { startRevision } from "./emulator-revision-start";
import { secretManagerMethods } from "./emulator-secrets";
import { type SavedSecret, SecretManagerStore } from "./emulator-secrets-state";
import { projectNumber, type ServiceSnapshot, ServiceStore } from "./emulator-state";
import { StateFile } from "./emulator-state-file";
import { LOCATION, LOCATION_FORM, nameViolations, SERVICE_NAME, SERVICE_NAME_FORM, serviceIdViolations, serviceViolations } from "./emulator-validate";

// Requests as decoded: every field may be absent, as the client's I* interfaces say.
type CreateServiceRequest = protos.google.cloud.run.v2.ICreateServiceRequest;
type UpdateServiceRequest = protos.google.cloud.run.v2.IUpdateServiceRequest;
type GetServiceRequest = protos.google.cloud.run.v2.IGetServiceRequest;
type DeleteServiceRequest = protos.google.cloud.run.v2.IDeleteServiceRequest;
type ListServicesRequest = protos.google.cloud.run.v2.IListServicesRequest;
type GetRevisionRequest = protos.google.cloud.run.v2.IGetRevisionRequest;
type ListRevisionsRequest = protos.google.cloud.run.v2.IListRevisionsRequest;
type GetOperationRequest = protos.google.longrunning.IGetOperationRequest;
type ListOperationsRequest = protos.google.longrunning.IListOperationsRequest;
type WaitOperationRequest = protos.google.longrunning.IWaitOperationRequest;
type GetIamPolicyRequest = protos.google.iam.v1.IGetIamPolicyRequest;
type SetIamPolicyRequest = protos.google.iam.v1.ISetIamPolicyRequest;
type TestIamPermissionsRequest = protos.google.iam.v1.ITestIamPermissionsRequest;

const DEFAULT_PROVISION_DELAY_MS = 2_000;
/** Permissions that apply to a Cloud Run service (Cloud Run IAM permissions: run.services.*, and invoking it). */
const SERVICE_PERMISSIONS = /^run\.(services\.[a-zA-Z]+|routes\.invoke)$/;
/** ListOperations: "Requested page size cannot exceed 100." */
const OPERATIONS_PAGE_MAX = 100;
/** The longest a WaitOperation waits when neither its timeout nor its deadline says less. */
const WAIT_MAX_MS = 60_000;

function check(request: string, violations: Violation[]): void {
  if (violations.length) throw invalidArgument(request, violations);
}

/** A google.protobuf.Duration as proto-loader decodes it (seconds as a string), in milliseconds. */
const durationMs = (d: protos.google.protobuf.IDuration | null | undefined) => (d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6) : undefined);

/** ListOperations' filter on Cloud Run: `done:true`, `done:false`, or nothing. */
function doneFilter(filter: string | null | undefined): boolean | undefined {
  const text = (filter ?? "").replace(/\s+/g, "");
  if (!text) return undefined;
  if (text === "done:true" || text === "done=true") return true;
  if (text === "done:false" || text === "done=false") return false;
  throw invalidArgument("ListOperationsRequest", [{ field: "filter", description: `"${filter}" is not supported; use done:true, done:false or nothing` }]);
}

export interface CloudRunEmulatorOptions extends EmulatorOptions {
  /**
   * By project, the members (`serviceAccount:…`) an operator granted roles/secretmanager.secretAccessor on the
   * whole project; a revision's account may then read every secret of it. Unset: none.
   */
  projectSecretAccessors?: Record<string, string[]>;
  /** Service accounts a project may hold: IAM's default quota is 100; a project can be granted more. */
  serviceAccountsPerProject?: number;
}

/** Everything the emulator holds, as its state file keeps it. */
interface SavedState {
  services: ServiceSnapshot;
  servicePolicies: Record<string, StoredPolicy>;
  secrets: SavedSecret[];
  secretPolicies: Record<string, StoredPolicy>;
  accounts: StoredAccount[];
  compute: ComputeSnapshot;
}

export async function startEmulator(options: CloudRunEmulatorOptions = {}): Promise<RunningEmulator> {
  const state: StateFile<SavedState> = new StateFile(options.stateDir, "gcp-cloud-run", () => ({
    services: store.snapshot(),
    servicePolicies: iam.snapshot(),
    secrets: secrets.snapshot(),
    secretPolicies: secretPolicies.snapshot(),
    accounts: accounts.snapshot(),
    compute: compute.snapshot(),
  }));
  const changed = () => state.changed();
  const accounts = new ServiceAccounts(options.serviceAccountsPerProject ?? DEFAULT_ACCOUNTS_PER_PROJECT, changed);
  const secrets = new SecretManagerStore(changed);
  const secretPolicies = new IamPolicies(accounts, changed);
  const access = { secrets, iam: secretPolicies, projectAccessors: options.projectSecretAccessors ?? {}, projectNumber };
  const runs = new RevisionRuns(options.probePeriodMs);
  const store = new ServiceStore(options.provisionDelayMs ?? DEFAULT_PROVISION_DELAY_MS, (service, project) => startRevision(service, project, access), changed, runs);
  const iam = new IamPolicies(accounts, changed);
  const compute = new ComputeStore(changed);
  const saved = state.load();
  if (saved) {
    accounts.restore(saved.accounts);
    secrets.restore(saved.secrets);
    secretPolicies.restore(saved.secretPolicies);
    iam.restore(saved.servicePolicies);
    compute.restore(saved.compute);
    store.restore(saved.services);
  }
  const faults = new FaultInjector(options.faults ?? null);
  const counts: Record<string, number> = {};
  const count = (operation: string) => void (counts[operation] = (counts[operation] ?? 0) + 1);
  const stopping = new AbortController();

  /** Counts the request, applies a fault if one is drawn, then answers (at once, or when `answer` settles). */
  function unary<Request>(operation: string, answer: (request: Request, call: ServerUnaryCall<Request, object>) => object | Promise<object>): handleUnaryCall<Request, object> {
    return (call, callback) => {
      count(operation);
      const reply = () => {
        Promise.resolve()
          .then(() => answer(call.request, call))
          .then(
            (response) => callback(null, response),
            (error: unknown) => callback(toServerError(error)),
          );
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
          const socket = listener.sockets.get(call.getPeer());
          if (socket) return void socket.destroy();
          return callback(toServerError(new RpcError(status.UNAVAILABLE, "Connection dropped.")));
        }
      }
    };
  }

  /**
   * A revision runs as its template's service account, which must exist: Cloud Run answers 403 PERMISSION_DENIED
   * "Permission 'iam.serviceaccounts.actAs' denied on service account … (or it may not exist)." otherwise (as public
   * issue threads quote it; the caller's actAs permission is not modelled, the emulator's caller holds it).
   */
  const runsAsExisting = (service: CreateServiceRequest["service"]) => {
    const email = service?.template?.serviceAccount;
    if (email && !accounts.uniqueIdOf(email)) throw new RpcError(status.PERMISSION_DENIED, `Permission 'iam.serviceaccounts.actAs' denied on service account ${email} (or it may not exist).`);
  };

  /** The name of an existing service, or INVALID_ARGUMENT/NOT_FOUND. */
  const existingService = (request: string, field: string, name: string | null | undefined) => {
    check(request, nameViolations(field, name, SERVICE_NAME, SERVICE_NAME_FORM));
    store.get(name!);
    return name!;
  };

  const server = new Server();
  server.addService(servicesService, {
    CreateService: unary<CreateServiceRequest>("CreateService", (r) => {
      check("CreateServiceRequest", [...nameViolations("parent", r.parent, LOCATION, LOCATION_FORM), ...serviceIdViolations(r.serviceId), ...serviceViolations(r.service, "service")]);
      runsAsExisting(r.service);
      return store.create(r.parent!, r.serviceId!, r.service!, { validateOnly: !!r.validateOnly });
    }),
    UpdateService: unary<UpdateServiceRequest>("UpdateService", (r) => {
      const name = r.service?.name;
      const id = name && SERVICE_NAME.exec(name)?.[3];
      // With allow_missing the name also creates: its last segment must then be a valid service id.
      const idViolations = id ? serviceIdViolations(id).map((v) => ({ ...v, field: "service.name" })) : [];
      check("UpdateServiceRequest", [...nameViolations("service.name", name, SERVICE_NAME, SERVICE_NAME_FORM), ...idViolations, ...serviceViolations(r.service, "service")]);
      runsAsExisting(r.service);
      return store.update(r.service!, { validateOnly: !!r.validateOnly, allowMissing: !!r.allowMissing });
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
      const operation = store.delete(r.name!, { validateOnly: !!r.validateOnly, etag: r.etag });
      if (!r.validateOnly) iam.forget(r.name!);
      return operation;
    }),
    GetIamPolicy: unary<GetIamPolicyRequest>("GetIamPolicy", (r) => iam.get(existingService("GetIamPolicyRequest", "resource", r.resource))),
    SetIamPolicy: unary<SetIamPolicyRequest>("SetIamPolicy", (r) => {
      check("SetIamPolicyRequest", policyViolations(r.policy));
      return iam.set(existingService("SetIamPolicyRequest", "resource", r.resource), r.policy!);
    }),
    TestIamPermissions: unary<TestIamPermissionsRequest>("TestIamPermissions", (r) => {
      existingService("TestIamPermissionsRequest", "resource", r.resource);
      return permissionsHeld(r.permissions, SERVICE_PERMISSIONS);
    }),
  });
  server.addService(revisionsService, {
    GetRevision: unary<GetRevisionRequest>("GetRevision", (r) => {
      check("GetRevisionRequest", nameViolations("name", r.name, REVISION_NAME, REVISION_NAME_FORM));
      return store.revisions.get(r.name!);
    }),
    ListRevisions: unary<ListRevisionsRequest>("ListRevisions", (r) => {
      const pageSize = r.pageSize ?? 0;
      check("ListRevisionsRequest", [...nameViolations("parent", r.parent, SERVICE_NAME, SERVICE_NAME_FORM), ...(pageSize < 0 ? [{ field: "page_size", description: "must not be negative" }] : [])]);
      // A named service must exist; "-" stands for all of the location's.
      if (!r.parent!.endsWith("/services/-")) store.get(r.parent!);
      return store.revisions.list(r.parent!, pageSize, r.pageToken ?? "");
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
    ListOperations: unary<ListOperationsRequest>("ListOperations", (r) => {
      const pageSize = r.pageSize ?? 0;
      check("ListOperationsRequest", [
        ...nameViolations("name", r.name, LOCATION, LOCATION_FORM),
        ...(pageSize < 0 || pageSize > OPERATIONS_PAGE_MAX ? [{ field: "page_size", description: `must be between 0 and ${OPERATIONS_PAGE_MAX}` }] : []),
      ]);
      if (r.returnPartialSuccess) throw new RpcError(status.UNIMPLEMENTED, "return_partial_success is not supported by Cloud Run.");
      return store.listOperations(r.name!, doneFilter(r.filter), pageSize, r.pageToken ?? "");
    }),
    WaitOperation: unary<WaitOperationRequest>("WaitOperation", (r, call) => {
      check("WaitOperationRequest", r.name ? [] : [{ field: "name", description: "must be set" }]);
      // "If RPC context deadline is also specified, the shorter one will be used."
      const deadline = call.getDeadline();
      const untilDeadline = deadline instanceof Date || (typeof deadline === "number" && Number.isFinite(deadline)) ? Number(deadline) - Date.now() : Infinity;
      const waitMs = Math.max(0, Math.min(durationMs(r.timeout) ?? WAIT_MAX_MS, untilDeadline, WAIT_MAX_MS));
      const gone = new AbortController();
      call.once("cancelled", () => gone.abort());
      return store.waitOperation(r.name!, waitMs, AbortSignal.any([gone.signal, stopping.signal]));
    }),
  });

  server.addService(loggingService, {
    ListLogEntries: unary<Parameters<typeof listLogEntries>[1]>("Logging.ListLogEntries", (r) => listLogEntries(runs, r)),
    TailLogEntries: (call: Parameters<ReturnType<typeof tailLogEntries>>[0]) => {
      count("Logging.TailLogEntries");
      tailLogEntries(runs, stopping.signal)(call);
    },
  });

  const http = createHttpServer(restHandler({ routes: [...iamRoutes(accounts), ...computeRoutes(compute)], faults, count, stopping: stopping.signal }));
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const listener = await listen(options.port ?? 0, (socket) => injector.injectConnection(socket), http);

  return {
    url: `http://127.0.0.1:${listener.port}`,
    port: listener.port,
    setFaults: (plan) => faults.set(plan),
    resourceNames: () => store.names(),
    requestCounts: () => ({ ...counts }),
    containerEnvironments: () => store.containerEnvironments(),
    storedSecrets: () => secrets.values(),
    async stop() {
      stopping.abort();
      store.stop();
      state.flush();
      injector.destroy();
      server.forceShutdown();
      http.close();
      await listener.close();
    },
  };
}
