// Bulkhead runs on the Node.js major that package.json's `engines` names. `npm install` brings that Node itself
// (the `node` package puts it in node_modules/.bin, which npm puts first on every script's PATH), so a process on
// another major was started around npm: it stops here with one line saying how to start it instead.
import { readFileSync } from "node:fs";
import path from "node:path";

const engines = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")).engines.node as string;

/** The required major from `engines.node` ("24.x"). */
export const SUPPORTED_NODE_MAJOR = Number(/^(\d+)\.x$/.exec(engines)?.[1]);

/** Why `version` (process.version) cannot run Bulkhead, or null when it can. */
export function nodeVersionProblem(version: string): string | null {
  const major = Number(/^v(\d+)\./.exec(version)?.[1]);
  if (major === SUPPORTED_NODE_MAJOR) return null;
  return `Bulkhead runs on Node.js ${SUPPORTED_NODE_MAJOR}, which \`npm install\` puts in node_modules/.bin; this is Node.js ${version}: start it through npm (npm start, npm test, npm run …).`;
}

const problem = nodeVersionProblem(process.version);
if (problem) {
  console.error(`[bulkhead] ${problem}`);
  process.exit(1);
}
