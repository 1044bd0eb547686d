// The distribution-spec v1.1 endpoints table (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#endpoints):
// which handler answers a method and path, and what access it needs.
import type { IncomingMessage } from "node:http";
import type { Action, Authenticator } from "./auth";
import { readBytes } from "@/providers/emulator-https";
import { RegistryRefusal } from "./errors";
import { MAX_MANIFEST_BYTES } from "./manifests";
import { NAME } from "./names";
import { json, type Reply } from "./reply";
import { cancelUpload, deleteBlob, finishUpload, getBlob, patchUpload, startUpload, uploadStatus } from "./routes-blobs";
import { listReferrers, listTags } from "./routes-listings";
import { deleteManifest, getManifest, type PlantedManifest, putManifest } from "./routes-manifests";
import type { RegistryStore } from "./store";

/** Blobs are held in memory: one upload request may carry at most this much. */
const MAX_BLOB_BYTES = 64 * 1024 * 1024;

export interface Context {
  store: RegistryStore;
  auth: Authenticator;
  /** Planted answers by "<name>:<reference>" (see PlantedManifest). */
  planted: Map<string, PlantedManifest>;
}

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, { action: Action; handle: (context: Context, request: Request) => Reply | Promise<Reply> }>>;
}

interface Request {
  req: IncomingMessage;
  name: string;
  /** The path part after the name: a reference, digest or upload id. */
  reference: string;
  query: URLSearchParams;
}

const body = async (req: IncomingMessage, limit: number): Promise<Buffer> => {
  const bytes = await readBytes(req, limit);
  if (bytes === undefined) throw new RegistryRefusal("SIZE_INVALID", `a request body may be at most ${limit} bytes here`, 413);
  return bytes;
};

const ROUTES: Route[] = [
  {
    pattern: /^\/v2\/(.+)\/manifests\/([^/]+)$/,
    methods: {
      GET: { action: "pull", handle: ({ store, planted }, { req, name, reference }) => getManifest(store, name, reference, req.headers.accept, planted.get(`${name}:${reference}`)) },
      HEAD: { action: "pull", handle: ({ store, planted }, { req, name, reference }) => getManifest(store, name, reference, req.headers.accept, planted.get(`${name}:${reference}`)) },
      PUT: { action: "push", handle: async ({ store }, { req, name, reference }) => putManifest(store, name, reference, req.headers["content-type"], await readBytes(req, MAX_MANIFEST_BYTES)) },
      DELETE: { action: "delete", handle: ({ store }, { name, reference }) => deleteManifest(store, name, reference) },
    },
  },
  {
    pattern: /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/,
    methods: {
      POST: { action: "push", handle: async ({ store }, { req, name, query }) => startUpload(store, name, query, await body(req, MAX_BLOB_BYTES)) },
      PATCH: { action: "push", handle: async ({ store }, { req, name, reference }) => patchUpload(store, name, reference, req.headers["content-range"], await body(req, MAX_BLOB_BYTES)) },
      PUT: { action: "push", handle: async ({ store }, { req, name, reference, query }) => finishUpload(store, name, reference, query, await body(req, MAX_BLOB_BYTES)) },
      GET: { action: "push", handle: ({ store }, { name, reference }) => uploadStatus(store, name, reference) },
      DELETE: { action: "push", handle: ({ store }, { name, reference }) => cancelUpload(store, name, reference) },
    },
  },
  {
    pattern: /^\/v2\/(.+)\/blobs\/([^/]+)$/,
    methods: {
      GET: { action: "pull", handle: ({ store }, { name, reference }) => getBlob(store, name, reference) },
      HEAD: { action: "pull", handle: ({ store }, { name, reference }) => getBlob(store, name, reference) },
      DELETE: { action: "delete", handle: ({ store }, { name, reference }) => deleteBlob(store, name, reference) },
    },
  },
  { pattern: /^\/v2\/(.+)\/tags\/list()$/, methods: { GET: { action: "pull", handle: ({ store }, { name, query }) => listTags(store, name, query) } } },
  { pattern: /^\/v2\/(.+)\/referrers\/([^/]+)$/, methods: { GET: { action: "pull", handle: ({ store }, { name, reference, query }) => listReferrers(store, name, reference, query) } } },
];

/** A path segment percent-decoded; one that does not decode is refused as the client's error, not a crash. */
function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RegistryRefusal("UNSUPPORTED", `"${segment}" is not a valid percent-encoded path segment`, 400);
  }
}

export async function route(context: Context, req: IncomingMessage, url: URL): Promise<Reply> {
  const method = req.method ?? "GET";
  if (url.pathname === "/token" && method === "GET") return json(200, context.auth.issue(req, url.searchParams));
  // end-1: the API version check, which is also where clients learn how to authenticate.
  if (url.pathname === "/v2/" || url.pathname === "/v2") {
    if (method !== "GET" && method !== "HEAD") throw new RegistryRefusal("UNSUPPORTED", { method });
    context.auth.check(req);
    return json(200, {});
  }
  for (const { pattern, methods } of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    const name = match[1];
    if (!NAME.test(name) || name.length > 255) throw new RegistryRefusal("NAME_INVALID", { name });
    const handler = methods[method];
    if (!handler) throw new RegistryRefusal("UNSUPPORTED", { method, path: url.pathname });
    context.auth.check(req, name, handler.action);
    return handler.handle(context, { req, name, reference: decodePath(match[2]), query: url.searchParams });
  }
  throw new RegistryRefusal("UNSUPPORTED", { path: url.pathname, reason: "no such endpoint" }, 404);
}
