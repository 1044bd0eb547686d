// A local, wire-compatible OCI registry for tests and the sandbox: the OCI distribution-spec v1.1 on plain HTTP on
// 127.0.0.1 (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md), so docker, skopeo and
// Bulkhead's own client talk to it given its URL. It is a witness: it follows the spec, never Bulkhead's client or
// image builder (it imports neither). State lives in memory only; a restart is an empty registry.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AuthMode, Authenticator } from "./auth";
import { RegistryRefusal, sendRefusal } from "./errors";
import type { PlantedManifest } from "./routes-manifests";
import { route } from "./routes";
import { RegistryStore } from "./store";

export type { PlantedManifest } from "./routes-manifests";

export interface RegistryEmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** user name → password; every request must authenticate as one of them. */
  users: Record<string, string>;
  /** "token" (default): Bearer challenges and a token endpoint at /token; "basic": HTTP basic on every request. */
  auth?: AuthMode;
  /** Users who may pull but not push or delete. */
  pullOnly?: string[];
}

export interface RunningRegistry {
  /** http://127.0.0.1:<port> */
  url: string;
  /** host:port, as image references name the registry. */
  host: string;
  /** Serve `answer` for GET/HEAD `/v2/<name>/manifests/<reference>` as is, unchecked (a misbehaving registry, for tests). */
  plant(name: string, reference: string, answer: PlantedManifest): void;
  stop(): Promise<void>;
}

export async function startRegistryEmulator(options: RegistryEmulatorOptions): Promise<RunningRegistry> {
  let url = "";
  const context = {
    store: new RegistryStore(),
    auth: new Authenticator({ mode: options.auth ?? "token", users: options.users, pullOnly: options.pullOnly ?? [], url: () => url }),
    planted: new Map<string, PlantedManifest>(),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === "HEAD";
    // Every answer says which API it speaks; clients check it when they ping /v2/.
    res.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    try {
      const reply = await route(context, req, new URL(req.url ?? "/", "http://127.0.0.1"));
      res.writeHead(reply.status, reply.headers);
      res.end(head ? undefined : reply.body);
    } catch (error) {
      if (!(error instanceof RegistryRefusal)) throw error;
      // A refusal before the body was read: drain it, so the answer is not a reset connection.
      req.resume();
      sendRefusal(res, error, head);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) sendRefusal(res, new RegistryRefusal("UNSUPPORTED", { internal: error.message }, 500), req.method === "HEAD");
      else res.destroy(error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    host: `127.0.0.1:${port}`,
    plant: (name, reference, answer) => context.planted.set(`${name}:${reference}`, answer),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
