// Child side of child.ts: node --import tsx child-entry.ts <module file> <export> <JSON array of arguments>
import { pathToFileURL } from "node:url";
import { RESULT_MARK } from "./child";

const [file, exportName, args] = process.argv.slice(2);
const module = (await import(pathToFileURL(file).href)) as Record<string, (...args: unknown[]) => Promise<unknown>>;
const started = process.hrtime.bigint();
const result = await module[exportName](...(JSON.parse(args) as unknown[]));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// maxRSS is in kilobytes.
console.log(RESULT_MARK + JSON.stringify({ result, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
process.exit(0);
