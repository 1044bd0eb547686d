#!/usr/bin/env node
// The packed CLI's entry (npm run cli:pack): like the repository's entry points (scripts/lib/supported-node.ts), it
// runs on the Node.js major its package.json's engines names, which the package's `node` dependency brings, so
// `npx bulkhead` in a project that installed it runs on that Node whatever the machine has; then the bundle.
import { readFileSync } from "node:fs";

const engines = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines.node;
const wanted = Number(/^(\d+)\.x$/.exec(engines)?.[1]);
if (Number(process.versions.node.split(".")[0]) !== wanted) {
  console.error(`[bulkhead] bulkhead runs on Node.js ${wanted}, which installing it puts in node_modules/.bin; this is Node.js ${process.version}: run it with npx bulkhead.`);
  process.exit(1);
}
const { main } = await import("../dist/bulkhead.mjs");
process.exitCode = await main(process.argv.slice(2));
