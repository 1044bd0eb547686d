#!/usr/bin/env node
// `npx bulkhead` in the repository: the CLI from its TypeScript sources (cli/main.ts), on the Node.js major the
// repository's entry points run on (scripts/lib/supported-node.ts). The packed CLI (npm run cli:pack) is a bundle
// of the same sources with the same check (cli/bin/bulkhead.mjs).
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The repository's tsconfig (its "@/…" paths) wherever the command is run from.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../scripts/lib/supported-node.ts");
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
