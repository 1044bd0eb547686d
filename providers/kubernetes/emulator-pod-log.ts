// The pods/log subresource, GET /api/v1/namespaces/{namespace}/pods/{name}/log ("read log of the specified Pod",
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#read-log-of-the-specified-pod): the
// container's output as text/plain, one line per line printed. The kubelet's rules (pkg/kubelet/kuberuntime/logs):
// `timestamps` prefixes each line with its RFC 3339 time to nine fraction digits and a space; `sinceTime` (inclusive)
// or `sinceSeconds`, not both; `tailLines` takes the last lines before the time filter; `limitBytes` cuts the answer;
// `previous` reads the instance before the last restart; `follow` keeps the response open and writes each new line
// until the container stops or the client leaves. The lines come from the simulated container, computed from the clock.
import type { ServerResponse } from "node:http";
import { newestPrinted, type PrintedLine, printedBetween, type SimulatedContainer } from "../emulated-container";
import { isObject } from "./emulator-fields";
import type { Kubelet } from "./emulator-kubelet";
import { badRequest, notFound, refuse } from "./emulator-status";
import type { ObjectStore } from "./emulator-store";

/** How often a follower looks for new lines: well under the fastest probe period the emulator is given. */
const FOLLOW_TICK_MS = 100;

export interface PodLogRequest {
  namespace: string;
  pod: string;
  query: URLSearchParams;
}

interface LogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  /** Epoch ms, inclusive. */
  since?: number;
  tailLines?: number;
  limitBytes?: number;
}

const flag = (query: URLSearchParams, name: string) => query.get(name) === "true" || query.get(name) === "1";

/** The kubelet's stamp: RFC 3339 with nine fraction digits (`2006-01-02T15:04:05.000000000Z07:00`). */
const stamp = (at: number) => new Date(at).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");

function integer(query: URLSearchParams, name: string, pod: string, minimum: number): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text)) throw badRequest(`couldn't parse ${name} "${text}": strconv.ParseInt: parsing "${text}": invalid syntax`);
  // ValidatePodLogOptions (pkg/apis/core/validation): the API server's 422 on PodLogOptions.
  if (value < minimum) throw refuse(422, "Invalid", `PodLogOptions "${pod}" is invalid: ${name}: Invalid value: ${value}: must be greater than ${minimum === 0 ? "or equal to 0" : "0"}`, { kind: "PodLogOptions", name: pod });
  return value;
}

function optionsOf(store: ObjectStore, request: PodLogRequest): LogOptions {
  const { namespace, pod: name, query } = request;
  const pod = store.get("pods", namespace, name);
  if (!pod) throw notFound("pods", "", name);
  const names = (isObject(pod.spec) && Array.isArray(pod.spec.containers) ? pod.spec.containers : []).filter(isObject).map((container) => String(container.name ?? ""));
  const asked = query.get("container");
  if (!asked && names.length > 1) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(" ")}]`);
  const container = asked || names[0] || "";
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const sinceTime = query.get("sinceTime");
  const sinceSeconds = integer(query, "sinceSeconds", name, 1);
  if (sinceTime !== null && sinceSeconds !== undefined) throw refuse(422, "Invalid", `PodLogOptions "${name}" is invalid: []: Forbidden: at most one of \`sinceTime\` or \`sinceSeconds\` may be specified`, { kind: "PodLogOptions", name });
  const parsed = sinceTime === null ? undefined : Date.parse(sinceTime);
  if (parsed !== undefined && (Number.isNaN(parsed) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(sinceTime!))) throw badRequest(`parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
  return {
    container,
    follow: flag(query, "follow"),
    previous: flag(query, "previous"),
    timestamps: flag(query, "timestamps"),
    since: parsed ?? (sinceSeconds === undefined ? undefined : Date.now() - sinceSeconds * 1000),
    tailLines: integer(query, "tailLines", name, 0),
    limitBytes: integer(query, "limitBytes", name, 1),
  };
}

/** Where the container's log ends for now: the present, or past its stop line once it has stopped. */
const horizon = (container: SimulatedContainer) => (container.stoppedAt === undefined ? Date.now() : Math.max(Date.now(), container.stoppedAt + 1));

/** The lines printed up to now that the options ask for. */
function backlog(container: SimulatedContainer, options: LogOptions, to: number): PrintedLine[] {
  if (options.tailLines === 0) return [];
  const lines = options.tailLines === undefined ? printedBetween(container, Math.max(container.startedAt, options.since ?? 0), to) : newestPrinted(container, to, options.tailLines);
  return options.since === undefined ? lines : lines.filter((line) => line.at >= options.since!);
}

/** Answers the request on `res`, or throws the Status that refuses it before anything is written. */
export function servePodLog(res: ServerResponse, store: ObjectStore, kubelet: Kubelet, request: PodLogRequest): void {
  const options = optionsOf(store, request);
  const { namespace, pod } = request;
  const container = kubelet.container(namespace, pod, options.container, options.previous);
  if (!container && options.previous) throw badRequest(`previous terminated container "${options.container}" in pod "${pod}" not found`);
  if (!container) throw badRequest(`container "${options.container}" in pod "${pod}" is waiting to start: ContainerCreating`);

  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  let left = options.limitBytes ?? Infinity;
  /** Writes lines until the byte limit; false once it is reached. */
  const write = (lines: PrintedLine[]): boolean => {
    const text = lines.map((line) => `${options.timestamps ? `${stamp(line.at)} ` : ""}${line.message}\n`).join("");
    const bytes = Buffer.from(text);
    if (bytes.length > 0) res.write(bytes.subarray(0, Math.min(bytes.length, left)));
    left -= bytes.length;
    return left > 0;
  };
  let cursor = horizon(container);
  if (!write(backlog(container, options, cursor)) || !options.follow || container.stoppedAt !== undefined) return void res.end();

  const timer = setInterval(() => {
    // Once stopped, the lines up to its stop line are the last: the stream is over, as the kubelet's is.
    const to = horizon(container);
    const more = write(printedBetween(container, cursor, to));
    cursor = to;
    if (!more || container.stoppedAt !== undefined) {
      clearInterval(timer);
      res.end();
    }
  }, FOLLOW_TICK_MS);
  res.on("close", () => clearInterval(timer));
}
