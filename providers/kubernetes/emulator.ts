// A local, wire-compatible Kubernetes API server for tests and the sandbox: kubectl and @kubernetes/client-node talk
// to it unchanged given its URL, its CA (`caCertificate`) and a bearer token. It serves HTTPS on 127.0.0.1 (the
// client refuses plain http without skipTLSVerify), discovery, CRUD with server-side apply and merge patches, watches,
// schema validation, Pod Security admission, SelfSubjectAccessReview, a simulated Deployment controller, scheduler
// and kubelet that record Events, and the pods' logs (pods/log). Every refusal is a `Status` worded as the API server words it. State lives in memory only: `stateDir`
// is not used (a restart is a fresh cluster).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorOptions, RunningEmulator } from "@/providers/emulator-types";
import { readBody, selfSignedCertificate } from "@/providers/emulator-https";
import { standardsJudge, type PodSecurityJudge } from "./emulator-admission";
import { authenticate, type TokenGrant } from "./emulator-auth";
import { DeploymentController } from "./emulator-controller";
import { discovery } from "./emulator-discovery";
import { EventRecorder } from "./emulator-events";
import { FaultInjector } from "./emulator-faults";
import { Resources } from "./emulator-resources";
import { answer, type Reply, route } from "./emulator-routes";
import { servePodLog } from "./emulator-pod-log";
import { DEFAULT_NODES, type EmulatedNode } from "./emulator-scheduler";
import { failure, refuse, type Status, StatusError } from "./emulator-status";
import { ObjectStore } from "./emulator-store";
import { containerEnvironments, deploymentNames, secretValues } from "./emulator-views";
import { serveWatch } from "./emulator-watch";

export type { EmulatedNode, Taint } from "./emulator-scheduler";
export type { TokenGrant } from "./emulator-auth";
export type { PodSecurityJudge } from "./emulator-admission";

export interface KubernetesEmulatorOptions extends EmulatorOptions {
  /** Bearer tokens the server accepts and what each may do. Default: `{ "bulkhead-emulator": {} }` (everything). */
  tokens?: Record<string, TokenGrant>;
  /** The cluster's nodes, with labels and taints for scheduling. Default: three untainted nodes in zones a–c. */
  nodes?: EmulatedNode[];
  /** How many changes watches can resume from before 410 Gone. Default 1000. */
  watchWindow?: number;
  /** Pod Security judge (see emulator-admission.ts). Default: emulator-pod-security.ts's. */
  podSecurity?: PodSecurityJudge;
  /** What `/version` reports. Default v1.32.0, the kubectl on this machine. */
  gitVersion?: string;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;
export const DEFAULT_TOKEN = "bulkhead-emulator";

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private", ...headers });
  res.end(text);
}

const sendStatus = (res: ServerResponse, error: StatusError) => send(res, error.status.code, error.status, error.headers);

export async function startEmulator(options: KubernetesEmulatorOptions = {}): Promise<RunningEmulator> {
  const { key, cert } = await selfSignedCertificate();
  const tokens = options.tokens ?? { [DEFAULT_TOKEN]: {} };
  const nodes = options.nodes ?? DEFAULT_NODES;
  const store = new ObjectStore(options.watchWindow ?? 1000);
  const judge = options.podSecurity ?? standardsJudge;
  const controller = new DeploymentController(store, nodes, options.provisionDelayMs ?? 2000, judge, new EventRecorder(store), options.probePeriodMs);
  const resources = new Resources(store, controller, judge);
  const faults = new FaultInjector(options.faults);
  const counts: Record<string, number> = {};
  const gitVersion = options.gitVersion ?? "v1.32.0";
  for (const node of nodes) {
    const taints = node.taints ?? [];
    store.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: node.name, labels: node.labels ?? {} }, spec: taints.length > 0 ? { taints } : {}, status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }] } });
  }
  store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default", labels: { "kubernetes.io/metadata.name": "default" } }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const method = req.method ?? "GET";
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return sendStatus(res, refuse(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"));
    const caller = authenticate(tokens, req.headers.authorization);
    if (caller instanceof StatusError) return sendStatus(res, caller);

    const fault = faults.draw();
    if (fault === "throttle" || fault === "server-error") return sendStatus(res, faults.answer(fault));
    if (fault === "latency") await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));

    const document = method === "GET" ? discovery(url.pathname, gitVersion) : undefined;
    const found = document ? undefined : route(method, url);
    if (found) {
      const operation = `${found.verb || method.toLowerCase()} ${found.type.name}${found.subresource ? `/${found.subresource}` : ""}`;
      counts[operation] = (counts[operation] ?? 0) + 1;
    } else if (document) counts.discovery = (counts.discovery ?? 0) + 1;
    let reply: Reply | StatusError;
    try {
      if (found?.type.name === "pods" && found.subresource === "log" && method === "GET" && found.namespace && found.name) {
        // RBAC names the subresource: `get pods/log` (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources).
        if (!caller.may("get", "pods/log")) throw refuse(403, "Forbidden", `pods "${found.name}" is forbidden: User "${caller.user}" cannot get resource "pods/log" in API group "" in the namespace "${found.namespace}"`, { name: found.name, kind: "pods" });
        if (fault === "drop") return void req.socket.destroy();
        return servePodLog(res, store, controller.kubelet, { namespace: found.namespace, pod: found.name, query: url.searchParams });
      }
      reply = document ? { status: 200, body: document } : found ? answer(store, resources, caller, { method, url, body, contentType: req.headers["content-type"] ?? "", userAgent: req.headers["user-agent"] ?? "" }, found) : refuse(404, "NotFound", "the server could not find the requested resource", {});
    } catch (error) {
      if (!(error instanceof StatusError)) throw error;
      reply = error;
    }
    // A dropped connection after the work was done: the caller cannot tell whether its change happened.
    if (fault === "drop") return void req.socket.destroy();
    if (reply instanceof StatusError) return sendStatus(res, reply);
    if ("watch" in reply) return serveWatch(res, store, reply.watch);
    send(res, reply.status, reply.body, reply.headers);
  }

  const server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      if (error instanceof StatusError) return sendStatus(res, error);
      const status: Status = failure(500, "InternalError", `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`);
      send(res, 500, status);
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caCertificate: cert,
    setFaults: (plan) => faults.set(plan),
    resourceNames: () => deploymentNames(store),
    requestCounts: () => ({ ...counts }),
    containerEnvironments: () => containerEnvironments(store),
    storedSecrets: () => secretValues(store),
    async stop() {
      controller.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
