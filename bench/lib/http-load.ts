import { execFile } from "node:child_process";
import { createRequire } from "node:module";

// Load through autocannon (maintained, HdrHistogram latencies), run as its own process so the load
// generator never shares an event loop with the server it measures.

export interface LoadResult {
  p50: number;
  p99: number;
  mean: number;
  requestsPerSecond: number;
  requests: number;
  /** Answers that were not 2xx, plus socket errors and timeouts: any of these voids the run. */
  failures: number;
}

const cli = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

/** `connections` clients, each sending its next request when the previous one answered, for `seconds` or until `requests` were answered. */
export function load(url: string, options: { connections: number; headers?: Record<string, string> } & ({ seconds: number } | { requests: number })): Promise<LoadResult> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ["-H", `${name}=${value}`]);
  const length = "seconds" in options ? ["-d", String(options.seconds)] : ["-a", String(options.requests)];
  const args = [cli, "-c", String(options.connections), ...length, "--json", "-n", ...headers, url];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`autocannon failed: ${error.message}\n${stderr}`));
      const result = JSON.parse(stdout);
      resolve({
        p50: result.latency.p50,
        p99: result.latency.p99,
        mean: result.latency.average,
        requestsPerSecond: result.requests.average,
        requests: result.requests.total,
        failures: result.non2xx + result.errors + result.timeouts,
      });
    });
  });
}
