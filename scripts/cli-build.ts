// `npm run cli:build`: bundles the CLI (cli/main.ts and everything it imports: commander, yaml, openapi-fetch, zod,
// the manifest schema, the export verifier) into one file, cli/dist/bulkhead.mjs, so the package `npm run cli:pack`
// makes installs with nothing but the Node it runs on. Also writes bulkhead.yaml's JSON Schema beside it.
import "./lib/supported-node";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { manifestJsonSchema } from "../server/manifest/schema";
import { root } from "./lib/prepare";

const dist = path.join(root, "cli/dist");
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [path.join(root, "cli/main.ts")],
  outfile: path.join(dist, "bulkhead.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  tsconfig: path.join(root, "tsconfig.json"),
  // Bundled CommonJS (csv-parse's dependencies) may require Node's own modules.
  banner: { js: 'import { createRequire as bulkheadRequire } from "node:module"; const require = bulkheadRequire(import.meta.url);' },
  legalComments: "linked",
  logLevel: "warning",
});
await writeFile(path.join(dist, "bulkhead.schema.json"), `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(root, dist)}/bulkhead.mjs and bulkhead.schema.json`);
