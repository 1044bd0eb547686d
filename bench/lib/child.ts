// Runs one measured job in a Node process of its own, so its time and peak memory are the job's alone,
// not the runner's (which may hold a seeding's garbage or another benchmark's pools).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("./child-entry.ts", import.meta.url));
export const RESULT_MARK = "bench-child-result ";

export interface ChildRun<T> {
  result: T;
  /** Duration of the job itself, excluding Node's start and module loading. */
  seconds: number;
  /** The child's peak resident set, MB. */
  peakRssMb: number;
}

/** Calls `exportName(...args)` from `moduleUrl` (an import.meta.url-relative URL) in a new process with `env` added. */
export function inChild<T>(moduleUrl: URL, exportName: string, args: unknown[], env: Record<string, string> = {}): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", entry, fileURLToPath(moduleUrl), exportName, JSON.stringify(args)],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((text) => text.startsWith(RESULT_MARK));
        if (error || !line) return reject(new Error(`${exportName} failed in its child process: ${error?.message ?? "no result"}\n${stderr.slice(-2000)}`));
        resolve(JSON.parse(line.slice(RESULT_MARK.length)) as ChildRun<T>);
      },
    );
  });
}

/**
 * `rounds` rounds of the yardstick then the figure, each job in a process of its own, and the fastest of each:
 * on a shared machine the fastest run is the one least slowed by others. `eachRound` logs a round and refuses
 * a pair that did not do the same work.
 */
export async function alternated<Y, F>(
  rounds: number,
  yardstick: () => Promise<ChildRun<Y>>,
  figure: () => Promise<ChildRun<F>>,
  eachRound: (round: number, yardstick: ChildRun<Y>, figure: ChildRun<F>) => void,
) {
  const yardsticks: ChildRun<Y>[] = [];
  const figures: ChildRun<F>[] = [];
  for (let round = 1; round <= rounds; round++) {
    const y = await yardstick();
    const f = await figure();
    eachRound(round, y, f);
    yardsticks.push(y);
    figures.push(f);
  }
  const fastest = (runs: ChildRun<unknown>[]) => Math.min(...runs.map((run) => run.seconds));
  return { yardsticks, figures, yardstickSeconds: fastest(yardsticks), figureSeconds: fastest(figures) };
}
