import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

// First-load JavaScript per App Router route, measured from the production build's manifests, because
// Next 16 with Turbopack no longer prints sizes after `next build`:
// - build-manifest.json `rootMainFiles`: the React + Next.js runtime chunks every App Router page loads
//   (`polyfillFiles` are left out: they are loaded with `nomodule`, so modern browsers never fetch them);
// - server/app/<route>/page_client-reference-manifest.js `entryJSFiles`: per segment of the route (root
//   layout, error and not-found boundaries, group layouts, the page), the client chunks its client
//   components need. Their union is what the browser loads before the route is interactive.
// Each distinct chunk is gzipped (zlib, default level, as a server would send it) and counted once.

export interface RouteWeight {
  route: string;
  /** gzip bytes of all chunks the route loads first, the runtime included. */
  gzipBytes: number;
  chunks: number;
}

interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
}

async function gzipSize(distDir: string, chunk: string, cache: Map<string, number>): Promise<number> {
  const known = cache.get(chunk);
  if (known !== undefined) return known;
  const size = gzipSync(await readFile(path.join(distDir, chunk))).length;
  cache.set(chunk, size);
  return size;
}

/** The manifest file assigns to globalThis.__RSC_MANIFEST[page]; it is evaluated in a throwaway scope. */
async function readClientReferenceManifest(distDir: string, page: string): Promise<ClientReferenceManifest> {
  const file = path.join(distDir, "server", "app", `${page}_client-reference-manifest.js`);
  const scope: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  new Function("globalThis", "self", await readFile(file, "utf8"))(scope, scope);
  const manifest = scope.__RSC_MANIFEST?.[page];
  if (!manifest) throw new Error(`${file} has no entry for ${page}`);
  return manifest;
}

/** Every page route of the build (app-path-routes-manifest.json), with its first-load JS; framework runtime alone as `runtime`. */
export async function firstLoadJs(distDir: string): Promise<{ runtime: RouteWeight; routes: RouteWeight[] }> {
  const buildManifest = JSON.parse(await readFile(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const routesManifest = JSON.parse(await readFile(path.join(distDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const cache = new Map<string, number>();
  const weigh = async (route: string, chunks: Set<string>): Promise<RouteWeight> => {
    let gzipBytes = 0;
    for (const chunk of chunks) gzipBytes += await gzipSize(distDir, chunk, cache);
    return { route, gzipBytes, chunks: chunks.size };
  };
  const routes: RouteWeight[] = [];
  for (const [page, route] of Object.entries(routesManifest)) {
    if (!page.endsWith("/page") || route.startsWith("/_")) continue;
    const manifest = await readClientReferenceManifest(distDir, page);
    const chunks = new Set([...buildManifest.rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()]);
    routes.push(await weigh(route, chunks));
  }
  return { runtime: await weigh("(runtime)", new Set(buildManifest.rootMainFiles)), routes: routes.sort((a, b) => a.route.localeCompare(b.route)) };
}
