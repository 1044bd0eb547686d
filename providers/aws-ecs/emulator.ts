// A local, wire-compatible stand-in for one AWS account: Amazon ECS, AWS Secrets Manager, AWS Cloud Map and Amazon
// CloudWatch Logs speak awsJson1.1 (`POST /` with X-Amz-Target), Amazon EC2 and Elastic Load Balancing v2 the Query protocol (form-encoded
// `Action=…&Version=…`, XML answers), so the official SDKs (and the awscli) talk to it unchanged given only an
// endpoint and dummy credentials. All share one port, told apart by protocol (the target's prefix, or the Query
// `Version`), and one account, so a task reads the secrets Secrets Manager holds, a service's subnets and security
// groups are EC2's, its target groups ELB's, its Service Connect namespace Cloud Map's. State lives in memory, or in
// `stateDir` between starts; faults are injected on demand. Listens on 127.0.0.1 only.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { EmulatorOptions, RunningEmulator } from "../emulator-types";
import { AwsAccount } from "./emulator-account";
import { cloudMapOperations } from "./emulator-cloudmap";
import { createCluster, deleteCluster, describeClusters, listClusters } from "./emulator-clusters";
import { ec2Operations } from "./emulator-ec2";
import { elbOperations } from "./emulator-elb";
import { FaultInjector } from "./emulator-faults";
import { type LiveTail, startLiveTail } from "./emulator-live-tail";
import { logsOperations } from "./emulator-logs";
import { StateFolder } from "./emulator-persistence";
import { ec2Dialect, elbDialect, parseQuery, QueryApiError, type QueryDialect, type QueryInput } from "./emulator-query";
import { secretsOperations, storedValues } from "./emulator-secrets";
import { createService, deleteService, describeServices, listServices, updateService } from "./emulator-services";
import type { Context } from "./emulator-state";
import { describeTasks, listTasks } from "./emulator-tasks";
import { deregisterTaskDefinition, describeTaskDefinition, listTaskDefinitions, registerTaskDefinition } from "./emulator-task-definitions";
import { EcsApiError, type Input } from "./emulator-wire";

const MAX_BODY_BYTES = 1 << 20;
/** The SigV4 credential scope names the access key, the region and the service the client signed for. */
const CREDENTIAL_SCOPE = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request\b/;

const ecsOperations: Record<string, (context: Context, input: Input) => object> = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  DeleteCluster: deleteCluster,
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

/** How an API refuses when throttled or failing inside: [HTTP status, error code, message]. */
interface FaultAnswers {
  throttle: [number, string, string];
  server: [[number, string, string], [number, string, string]];
}

/** An awsJson1.1 API on this port: its X-Amz-Target prefix, SigV4 signing name, operations and fault answers. */
interface JsonApi {
  prefix: string;
  signingName: string;
  call(operation: string, region: string, input: Input): object | undefined;
  /** Operations answered with an event stream rather than one JSON document. */
  stream?(operation: string, region: string, input: Input): LiveTail | undefined;
  faults: FaultAnswers;
}

/** A Query API on this port: told apart by the `Version` its SDK sends. */
interface QueryApi {
  dialect: QueryDialect;
  signingName: string;
  call(action: string, region: string, input: QueryInput): object | undefined;
  faults: FaultAnswers;
}

export interface AwsEcsEmulatorOptions extends EmulatorOptions {
  /** Clusters that exist from the start in every Region (as if an operator had created them); any other needs CreateCluster. */
  clusters?: string[];
  /** The access key ids AWS knows; others answer UnrecognizedClientException. Unset: any. */
  accessKeyIds?: string[];
}

const unavailable: [number, string, string] = [503, "ServiceUnavailableException", "Service is unavailable. Please try again later."];

export async function startEmulator(options: AwsEcsEmulatorOptions = {}): Promise<RunningEmulator> {
  const account = new AwsAccount({ provisionDelayMs: options.provisionDelayMs ?? 2000, probePeriodMs: options.probePeriodMs, clusters: options.clusters });
  const folder = options.stateDir ? new StateFolder(options.stateDir, account) : undefined;
  folder?.load();
  const faults = new FaultInjector(options.faults);
  const counts: Record<string, number> = {};
  const stopping = new AbortController();
  const own = <T>(table: Record<string, T>, name: string) => (Object.hasOwn(table, name) ? table[name] : undefined);

  const logsContext = (region: string) => ({ store: account.ecs, region: account.ecs.region(region), now: Date.now(), probePeriodMs: options.probePeriodMs });
  const jsonApis: JsonApi[] = [
    {
      prefix: "AmazonEC2ContainerServiceV20141113.",
      signingName: "ecs",
      call: (operation, region, input) => own(ecsOperations, operation)?.({ store: account.ecs, region: account.ecs.region(region), now: Date.now() }, input),
      faults: { throttle: [400, "ThrottlingException", "Rate exceeded"], server: [[500, "ServerException", "Service encountered an internal error."], unavailable] },
    },
    {
      prefix: "secretsmanager.",
      signingName: "secretsmanager",
      call: (operation, region, input) => own(secretsOperations, operation)?.({ secrets: account.secrets, region, now: Date.now() }, input),
      faults: { throttle: [400, "ThrottlingException", "Rate exceeded"], server: [[500, "InternalServiceError", "An error occurred on the server side."], unavailable] },
    },
    {
      prefix: "Logs_20140328.",
      signingName: "logs",
      call: (operation, region, input) => own(logsOperations, operation)?.(logsContext(region), input),
      stream: (operation, region, input) => (operation === "StartLiveTail" ? startLiveTail(() => logsContext(region), input) : undefined),
      faults: { throttle: [400, "ThrottlingException", "Rate exceeded"], server: [[500, "ServiceUnavailableException", "The service cannot complete the request."], unavailable] },
    },
    {
      prefix: "Route53AutoNaming_v20170314.",
      signingName: "servicediscovery",
      call: (operation, region, input) => own(cloudMapOperations, operation)?.({ cloudMap: account.cloudMap, ec2: account.ec2, region, now: Date.now() }, input),
      faults: { throttle: [400, "RequestLimitExceeded", "The operation can't be completed because you've reached the quota on the number of requests."], server: [[500, "InternalFailure", "The request processing has failed because of an unknown error."], unavailable] },
    },
  ];
  const queryApis: QueryApi[] = [
    {
      dialect: ec2Dialect,
      signingName: "ec2",
      call: (action, region, input) => own(ec2Operations, action)?.({ ec2: account.ec2, region }, input),
      faults: { throttle: [503, "RequestLimitExceeded", "Request limit exceeded."], server: [[500, "InternalError", "An internal error has occurred."], [503, "Unavailable", "The server is overloaded and can't handle the request."]] },
    },
    {
      dialect: elbDialect,
      signingName: "elasticloadbalancing",
      call: (action, region, input) => own(elbOperations, action)?.({ elb: account.elb, ec2: account.ec2, region }, input),
      faults: { throttle: [400, "Throttling", "Rate exceeded"], server: [[500, "InternalFailure", "The request processing has failed because of an unknown error."], [503, "ServiceUnavailable", "The service is unavailable."]] },
    },
  ];

  /** The caller's region if the request is signed with a known key for this service; otherwise the refusal. */
  function signedRegion(request: IncomingMessage, signingName: string | undefined, fail: (code: string, message: string, status: number) => Error): string {
    const scope = CREDENTIAL_SCOPE.exec(String(request.headers.authorization ?? ""));
    if (!scope) throw fail("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    if (options.accessKeyIds && !options.accessKeyIds.includes(scope[1])) throw fail("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
    // Each AWS service checks that the request was signed for it.
    if (signingName && scope[3] !== signingName) throw fail("InvalidSignatureException", `Credential should be scoped to correct service: '${signingName}'.`, 403);
    return scope[2];
  }

  function answerJson(request: IncomingMessage, api: JsonApi | undefined, operation: string, body: string): [number, object | LiveTail] {
    try {
      if (request.method !== "POST" || request.url !== "/") throw new EcsApiError("UnknownOperationException", "Only POST / is served.", 404);
      const region = signedRegion(request, api?.signingName, (code, message, status) => new EcsApiError(code, message, status));
      if (!api) throw new EcsApiError("UnknownOperationException", `Unknown operation ${operation}.`);
      let input: unknown;
      try {
        input = body.trim() === "" ? {} : JSON.parse(body);
      } catch {
        throw new EcsApiError("SerializationException", "The request body is not valid JSON.");
      }
      if (typeof input !== "object" || input === null || Array.isArray(input)) throw new EcsApiError("SerializationException", "The request body must be a JSON object.");
      const output = api.stream?.(operation, region, input as Input) ?? api.call(operation, region, input as Input);
      if (!output) throw new EcsApiError("UnknownOperationException", `Unknown operation ${operation}.`);
      return [200, output];
    } catch (error) {
      if (error instanceof EcsApiError) return [error.status, { __type: error.type, message: error.message }];
      const [status, type, message] = (api?.faults ?? jsonApis[0].faults).server[0];
      return [status, { __type: type, message }];
    }
  }

  function answerQuery(request: IncomingMessage, api: QueryApi, action: string, input: QueryInput): [number, string] {
    try {
      const region = signedRegion(request, api.signingName, (code, message, status) => new QueryApiError(code === "MissingAuthenticationTokenException" ? "MissingAuthenticationToken" : code === "UnrecognizedClientException" ? "AuthFailure" : "SignatureDoesNotMatch", message, status));
      const output = api.call(action, region, input);
      if (!output) throw new QueryApiError("InvalidAction", `The action ${action} is not valid for this web service.`);
      return [200, api.dialect.answer(action, output)];
    } catch (error) {
      if (error instanceof QueryApiError) return [error.status, api.dialect.error(error)];
      const [status, code, message] = api.faults.server[0];
      return [status, api.dialect.error(new QueryApiError(code, message, status))];
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const body = await readBody(request);
    const form = String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    const input = form ? parseQuery(body) : undefined;
    const queryApi = input ? queryApis.find((api) => api.dialect.version === input.Version) : undefined;
    const target = String(request.headers["x-amz-target"] ?? "");
    const jsonApi = form ? undefined : jsonApis.find((candidate) => target.startsWith(candidate.prefix));
    const operation = input ? String(input.Action ?? "(none)") : jsonApi ? target.slice(jsonApi.prefix.length) : target || "(none)";
    counts[operation] = (counts[operation] ?? 0) + 1;

    const fault = faults.pick();
    const answers = queryApi?.faults ?? jsonApi?.faults ?? jsonApis[0].faults;
    const reply = ([status, code, message]: [number, string, string]) =>
      queryApi ? sendXml(response, status, queryApi.dialect.contentType, queryApi.dialect.error(new QueryApiError(code, message, status))) : sendJson(response, status, { __type: code, message });
    if (fault === "throttle") return reply(answers.throttle);
    if (fault === "server-error") return reply(answers.server[faults.serverErrorIndex()]);
    if (fault === "latency") await sleep(faults.latencyMs, undefined, { signal: stopping.signal });
    let answered: () => void;
    if (input && !queryApi) {
      const [status, xml] = [400, ec2Dialect.error(new QueryApiError("InvalidAction", `No API with Version ${String(input.Version)} is served here.`))];
      answered = () => sendXml(response, status, ec2Dialect.contentType, xml);
    } else if (queryApi) {
      const [status, xml] = answerQuery(request, queryApi, operation, input!);
      answered = () => sendXml(response, status, queryApi.dialect.contentType, xml);
    } else {
      const [status, payload] = answerJson(request, jsonApi, operation, body);
      answered = () => ("run" in payload ? payload.run(response, stopping.signal) : sendJson(response, status, payload));
    }
    folder?.save();
    // The request took effect but its answer is lost: the case clientToken and retries exist for.
    if (fault === "drop") return void request.socket.destroy();
    answered();
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
    resourceNames: () => account.ecs.liveServices(),
    requestCounts: () => ({ ...counts }),
    containerEnvironments: () => account.ecs.containerEnvironments(Date.now()),
    storedSecrets: () => storedValues(account.secrets),
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

function sendJson(response: ServerResponse, status: number, payload: object) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": randomUUID(),
  };
  if (status >= 400 && "__type" in payload) headers["x-amzn-ErrorType"] = String(payload.__type);
  response.writeHead(status, headers).end(body);
}

function sendXml(response: ServerResponse, status: number, contentType: string, body: string) {
  response.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "x-amzn-RequestId": randomUUID() }).end(body);
}
