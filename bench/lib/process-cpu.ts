import { readFile } from "node:fs/promises";

// CPU time of another process, from Linux's /proc/<pid>/stat (utime and stime, fields 14 and 15, in clock ticks
// of 1/100 s: USER_HZ is 100 on every Linux architecture Node supports). Under saturation latency follows CPU per
// answer, and CPU per answer moves far less with the other tenants of a shared machine than latency does.

const TICK_MS = 10;

/** User plus system CPU time `pid` has used so far, in ms. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
