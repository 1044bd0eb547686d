// A local, wire-compatible stand-in for Amazon ECS and AWS Secrets Manager: awsJson1.1 over `POST /` with
// X-Amz-Target, so the official SDKs (and the awscli) talk to it unchanged given only an endpoint and dummy
// credentials. Both services share one port, told apart by the target's prefix (as LocalStack does), and one
// memory, so a task started by ECS reads the secrets Secrets Manager holds. State lives in memory; faults are
// injected on demand. Listens on 127.0.0.1 only.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { EmulatorOptions, RunningEmulator } from "../emulator-types";
import { FaultInjector } from "./emulator-faults";
import { createService, deleteService, describeServices, listServices, updateService } from "./emulator-services";
import { type Context, EcsStore } from "./emulator-state";
import { describeTasks, listTasks } from "./emulator-tasks";
import { deregisterTaskDefinition, describeTaskDefinition, listTaskDefinitions, registerTaskDefinition } from "./emulator-task-definitions";
import { secretsOperations, storedValues } from "./emulator-secrets";
import { SecretsStore } from "./emulator-secrets-state";
import { EcsApiError, type Input } from "./emulator-wire";

const MAX_BODY_BYTES = 1 << 20;
/** The SigV4 credential scope names the access key, the region and the service the client signed for. */
const CREDENTIAL_SCOPE = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request\b/;

const ecsOperations: Record<string, (context: Context, input: Input) => object> = {
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinition,
  ListTaskDefinitions: listTaskDefinitions,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  CreateService: createService,
  UpdateService: updateService,
  DescribeServices: describeServices,
  DeleteService: deleteService,
  ListServices: listServices,
  ListTasks: listTasks,
  DescribeTasks: describeTasks,
};

/** The services on this port: the X-Amz-Target prefix, the SigV4 signing name, and how each answers. */
interface ServedApi {
  prefix: string;
  signingName: string;
  call(operation: string, region: string, input: Input): object | undefined;
}

export interface AwsEcsEmulatorOptions extends EmulatorOptions {
  /**
   * The clusters that exist; others answer ClusterNotFoundException. Unset: any cluster named in a
   * request exists (as if an operator had created it), which is what the sandbox wants.
   */
  clusters?: string[];
  /** The access key ids AWS knows; others answer UnrecognizedClientException. Unset: any. */
  accessKeyIds?: string[];
}

export async function startEmulator(options: AwsEcsEmulatorOptions = {}): Promise<RunningEmulator> {
  const secrets = new SecretsStore();
  const store = new EcsStore({ provisionDelayMs: options.provisionDelayMs ?? 2000, clusters: options.clusters, secrets });
  const faults = new FaultInjector(options.faults);
  const counts: Record<string, number> = {};
  const stopping = new AbortController();

  const apis: ServedApi[] = [
    {
      prefix: "AmazonEC2ContainerServiceV20141113.",
      signingName: "ecs",
      call: (operation, region, input) => (Object.hasOwn(ecsOperations, operation) ? ecsOperations[operation]({ store, region: store.region(region), now: Date.now() }, input) : undefined),
    },
    {
      prefix: "secretsmanager.",
      signingName: "secretsmanager",
      call: (operation, region, input) => (Object.hasOwn(secretsOperations, operation) ? secretsOperations[operation]({ secrets, region, now: Date.now() }, input) : undefined),
    },
  ];

  function answer(request: IncomingMessage, api: ServedApi | undefined, operation: string, body: string): [number, object] {
    try {
      if (request.method !== "POST" || request.url !== "/") throw new EcsApiError("UnknownOperationException", "Only POST / is served.", 404);
      const scope = CREDENTIAL_SCOPE.exec(String(request.headers.authorization ?? ""));
      if (!scope) throw new EcsApiError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
      if (options.accessKeyIds && !options.accessKeyIds.includes(scope[1])) {
        throw new EcsApiError("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
      }
      if (!api) throw new EcsApiError("UnknownOperationException", `Unknown operation ${operation}.`);
      // Each AWS service checks that the request was signed for it.
      if (scope[3] !== api.signingName) throw new EcsApiError("InvalidSignatureException", `Credential should be scoped to correct service: '${api.signingName}'.`, 403);
      let input: unknown;
      try {
        input = body.trim() === "" ? {} : JSON.parse(body);
      } catch {
        throw new EcsApiError("SerializationException", "The request body is not valid JSON.");
      }
      if (typeof input !== "object" || input === null || Array.isArray(input)) throw new EcsApiError("SerializationException", "The request body must be a JSON object.");
      const output = api.call(operation, scope[2], input as Input);
      if (!output) throw new EcsApiError("UnknownOperationException", `Unknown operation ${operation}.`);
      return [200, output];
    } catch (error) {
      if (error instanceof EcsApiError) return [error.status, { __type: error.type, message: error.message }];
      return api?.signingName === "secretsmanager" ? [500, { __type: "InternalServiceError", message: "An error occurred on the server side." }] : [500, { __type: "ServerException", message: "Service encountered an internal error." }];
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const body = await readBody(request);
    const target = String(request.headers["x-amz-target"] ?? "");
    const api = apis.find((candidate) => target.startsWith(candidate.prefix));
    const operation = api ? target.slice(api.prefix.length) : target || "(none)";
    counts[operation] = (counts[operation] ?? 0) + 1;

    const fault = faults.pick();
    if (fault === "throttle") return send(response, 400, { __type: "ThrottlingException", message: "Rate exceeded" });
    if (fault === "server-error") {
      const { status, type, message } = faults.serverError(api?.signingName === "secretsmanager" ? "secretsmanager" : "ecs");
      return send(response, status, { __type: type, message });
    }
    if (fault === "latency") await sleep(faults.latencyMs, undefined, { signal: stopping.signal });
    const [status, payload] = answer(request, api, operation, body);
    // The request took effect but its answer is lost: the case clientToken and retries exist for.
    if (fault === "drop") return void request.socket.destroy();
    send(response, status, payload);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFaults: (plan) => faults.set(plan),
    resourceNames: () => store.liveServices(),
    requestCounts: () => ({ ...counts }),
    containerEnvironments: () => store.containerEnvironments(Date.now()),
    storedSecrets: () => storedValues(secrets),
    async stop() {
      stopping.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, status: number, payload: object) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": randomUUID(),
  };
  if (status >= 400 && "__type" in payload) headers["x-amzn-ErrorType"] = String(payload.__type);
  response.writeHead(status, headers).end(body);
}
