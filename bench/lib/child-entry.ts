// Child side of child.ts: node --import tsx child-entry.ts <module file> <export> <JSON array of arguments>
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { RESULT_MARK } from "./child";

const [file, exportName, args] = process.argv.slice(2);
const module = (await import(pathToFileURL(file).href)) as Record<string, (...args: unknown[]) => Promise<unknown>>;
const started = process.hrtime.bigint();
const result = await module[exportName](...(JSON.parse(args) as unknown[]));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
/**
 * This process's own peak resident set, MB: Linux's VmHWM. Not getrusage's maxRSS, which Linux carries across
 * exec from the forked copy of the parent, so a child of a runner holding 400 MB reported 400 MB whatever it used
 * itself (P2 read 380–401 MB in full runs and 222 MB when run alone). maxRSS (kB) where there is no /proc.
 */
function peakRssMb(): number {
  const status = existsSync("/proc/self/status") ? readFileSync("/proc/self/status", "utf8") : "";
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024);
}
console.log(RESULT_MARK + JSON.stringify({ result, seconds, peakRssMb: peakRssMb() }));
process.exit(0);
