// Cloud Logging's google.logging.v2.LoggingServiceV2 for Cloud Run's container output: ListLogEntries and the
// TailLogEntries stream, answered from the clock with what the revisions' simulated instances printed (no log is
// stored). Each line is an entry as Cloud Run writes it ("Cloud Run logs", https://cloud.google.com/run/docs/logging):
// resource type cloud_run_revision with labels service_name, revision_name, configuration_name, location and
// project_id, the line in textPayload, labels.instanceId, in the log run.googleapis.com/stdout; what Cloud Run says
// about an instance (a failed startup probe) goes to run.googleapis.com/varlog/system with severity ERROR. Request rules from
// google/logging/v2/logging.proto: resource_names is required (at most 100), order_by is "timestamp asc" (the default)
// or "timestamp desc" with ties in insert_id order, page_size defaults to 50 and may not be negative or above 1000, a
// page may be empty and still carry a next_page_token; a tail's buffer_window is 0–60000 ms, 2000 by default.
import type { ServerDuplexStream } from "@grpc/grpc-js";
import { printedBetween } from "../emulated-container";
import { invalidArgument, toServerError, type Violation } from "./emulator-errors";
import { type FilterableEntry, type ParsedFilter, parseFilter } from "./emulator-logging-filter";
import type { RevisionRun, RevisionRuns } from "./emulator-revision-runs";

interface Entry extends FilterableEntry {
  insertId: string;
  severity?: "ERROR";
}

/** A google.logging.v2.LogEntry as proto-loader writes it. */
interface WireEntry {
  logName: string;
  resource: { type: string; labels: Record<string, string> };
  textPayload: string;
  timestamp: { seconds: string; nanos: number };
  receiveTimestamp: { seconds: string; nanos: number };
  insertId: string;
  labels: Record<string, string>;
  severity?: "ERROR";
}

interface ListRequest {
  resourceNames?: string[];
  filter?: string;
  orderBy?: string;
  pageSize?: number;
  pageToken?: string;
}

interface TailRequest {
  resourceNames?: string[];
  filter?: string;
  bufferWindow?: { seconds?: string | number; nanos?: number } | null;
}

const MAX_RESOURCES = 100;
const PAGE_DEFAULT = 50;
const PAGE_MAX = 1000;
const BUFFER_DEFAULT_MS = 2000;
const BUFFER_MAX_MS = 60_000;
/** Lines one ListLogEntries call generates at most; beyond, it answers what it has and a token to go on. */
const SCAN_BUDGET = 50_000;
/** How often a tail looks for lines that left the buffer window. */
const TAIL_TICK_MS = 100;
const PROJECT = /^projects\/([a-z][-a-z0-9]{4,28}[a-z0-9])$/;

const wireTime = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });

function toWire(entry: Entry): WireEntry {
  const { logName, resource, textPayload, insertId, labels, severity } = entry;
  return { logName, resource, textPayload, timestamp: wireTime(entry.at), receiveTimestamp: wireTime(entry.at), insertId, labels, ...(severity ? { severity } : {}) };
}

/** Entries sort by timestamp, then insert_id. */
const before = (a: { at: number; insertId: string }, b: { at: number; insertId: string }) => a.at - b.at || (a.insertId < b.insertId ? -1 : a.insertId > b.insertId ? 1 : 0);

function projectsOf(names: string[] | undefined, request: string): string[] {
  const violations: Violation[] = [];
  if (!names?.length) violations.push({ field: "resource_names", description: "At least one resource name is required, e.g. projects/my-project" });
  else if (names.length > MAX_RESOURCES) violations.push({ field: "resource_names", description: `At most ${MAX_RESOURCES} resource names may be given` });
  for (const name of names ?? []) if (!PROJECT.test(name)) violations.push({ field: "resource_names", description: `"${name}" is not a resource name this service reads: use projects/[PROJECT_ID]` });
  if (violations.length) throw invalidArgument(request, violations);
  return names!.map((name) => PROJECT.exec(name)![1]);
}

/**
 * The instances whose resource qualifies, with the resource their entries carry, and Cloud Run's own lines about
 * them (in the system log, when that qualifies).
 */
function sources(runs: RevisionRun[], project: string, filter: ParsedFilter) {
  return runs.flatMap((run) => {
    const [, , , location, , service] = run.service.split("/");
    const resource = { type: "cloud_run_revision", labels: { service_name: service, revision_name: run.revision, configuration_name: service, location, project_id: project } };
    const logName = (log: string) => `projects/${project}/logs/${encodeURIComponent(log)}`;
    return run.instances
      .map((instance) => {
        const labels = { instanceId: instance.instance };
        const [stdout, system] = [logName("run.googleapis.com/stdout"), logName("run.googleapis.com/varlog/system")];
        const said = filter.qualifies({ logName: system, resource, labels }) ? (run.system ?? []).filter((line) => line.instance === instance.instance) : [];
        return { instance, resource, labels, stdout: filter.qualifies({ logName: stdout, resource, labels }) ? stdout : undefined, system: { logName: system, lines: said } };
      })
      .filter((source) => source.stdout !== undefined || source.system.lines.length > 0);
  });
}

type Source = ReturnType<typeof sources>[number];

/** The matching entries written at or after `from` and before `to`, in order; `scanned` counts every line read. */
function entriesBetween(from: number, to: number, list: Source[], filter: ParsedFilter, scanned = { lines: 0 }): Entry[] {
  const out: Entry[] = [];
  for (const { instance, resource, labels, stdout, system } of list) {
    let previous = -1;
    let index = 0;
    const printed = stdout === undefined ? [] : printedBetween(instance, from, to).map((line) => ({ ...line, logName: stdout }));
    for (const line of printed) {
      index = line.at === previous ? index + 1 : 0;
      previous = line.at;
      scanned.lines += 1;
      const entry: Entry = { logName: line.logName, resource, labels, at: line.at, textPayload: line.message, insertId: `${instance.instance.slice(0, 24)}${String(index).padStart(3, "0")}` };
      if (filter.matches(entry)) out.push(entry);
    }
    // Cloud Run's own lines sort after the container's of the same millisecond.
    for (const [n, line] of system.lines.filter(({ at }) => at >= from && at < to).entries()) {
      scanned.lines += 1;
      const entry: Entry = { logName: system.logName, resource, labels, at: line.at, textPayload: line.message, severity: "ERROR", insertId: `${instance.instance.slice(0, 24)}s${String(n).padStart(2, "0")}` };
      if (filter.matches(entry)) out.push(entry);
    }
  }
  return out.sort(before);
}

/** A page token: the key of the last entry answered (or how far the scan went), so the next page starts after it. */
interface Cursor {
  at: number;
  insertId: string;
}

const encodeToken = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

function decodeToken(token: string): Cursor | undefined {
  if (!token) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Cursor;
    if (typeof cursor.at === "number" && typeof cursor.insertId === "string") return cursor;
  } catch {
    // Falls through to the refusal below.
  }
  throw invalidArgument("ListLogEntriesRequest", [{ field: "page_token", description: "The page token is not one this method returned" }]);
}

export function listLogEntries(runs: RevisionRuns, request: ListRequest, now = Date.now()): { entries: WireEntry[]; nextPageToken: string } {
  const projects = projectsOf(request.resourceNames, "ListLogEntriesRequest");
  const order = (request.orderBy ?? "").trim().replace(/\s+/g, " ").toLowerCase() || "timestamp asc";
  if (order !== "timestamp asc" && order !== "timestamp desc") throw invalidArgument("ListLogEntriesRequest", [{ field: "order_by", description: `Only "timestamp asc" and "timestamp desc" are permitted, not "${request.orderBy}"` }]);
  const pageSize = request.pageSize ?? 0;
  if (pageSize < 0 || pageSize > PAGE_MAX) throw invalidArgument("ListLogEntriesRequest", [{ field: "page_size", description: `must be between 0 and ${PAGE_MAX}` }]);
  const size = pageSize || PAGE_DEFAULT;
  const filter = parseFilter(request.filter ?? "", "ListLogEntriesRequest");
  const cursor = decodeToken(request.pageToken ?? "");
  const list = projects.flatMap((project) => sources(runs.of(project), project, filter));
  if (!list.length) return { entries: [], nextPageToken: "" };

  const ascending = order === "timestamp asc";
  const lower = Math.max(filter.from, Math.min(...list.map((s) => s.instance.startedAt)));
  const upper = Math.min(filter.to, now + 1);
  const beyond = (entry: Entry) => !cursor || (ascending ? before(entry, cursor) > 0 : before(entry, cursor) < 0);
  // Windows of growing span walk away from the cursor, so a page of the newest lines never generates the oldest.
  let span = Math.max(1_000, size * Math.min(...list.map((s) => s.instance.probePeriodMs)));
  // The edge of what was scanned: ascending, everything before it; descending, everything from it on.
  let edge = ascending ? Math.max(lower, cursor?.at ?? lower) : Math.min(upper, cursor ? cursor.at + 1 : upper);
  const found: Entry[] = [];
  const scanned = { lines: 0 };
  while ((ascending ? edge < upper : edge > lower) && found.length <= size) {
    if (scanned.lines > SCAN_BUDGET) return { entries: found.map(toWire), nextPageToken: encodeToken({ at: edge, insertId: "" }) };
    const [from, to] = ascending ? [edge, Math.min(upper, edge + span)] : [Math.max(lower, edge - span), edge];
    const batch = entriesBetween(from, to, list, filter, scanned).filter(beyond);
    found.push(...(ascending ? batch : batch.reverse()));
    edge = ascending ? to : from;
    span *= 2;
  }
  const page = found.slice(0, size);
  return { entries: page.map(toWire), nextPageToken: found.length > size ? encodeToken(page.at(-1)!) : "" };
}

const durationMs = (d: TailRequest["bufferWindow"]) => (d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6) : BUFFER_DEFAULT_MS);

/**
 * TailLogEntries: the first request says what to follow; from then on, each entry written since the session began is
 * sent once it is older than the buffer window, until the caller cancels or the emulator stops.
 */
export function tailLogEntries(runs: RevisionRuns, stopping: AbortSignal) {
  return (call: ServerDuplexStream<TailRequest, object>) => {
    let timer: NodeJS.Timeout | undefined;
    const end = () => {
      clearInterval(timer);
      stopping.removeEventListener("abort", end);
    };
    call.once("cancelled", end);
    call.on("error", end);
    stopping.addEventListener("abort", end, { once: true });
    call.once("data", (request: TailRequest) => {
      try {
        const projects = projectsOf(request.resourceNames, "TailLogEntriesRequest");
        const windowMs = durationMs(request.bufferWindow);
        if (windowMs < 0 || windowMs > BUFFER_MAX_MS) throw invalidArgument("TailLogEntriesRequest", [{ field: "buffer_window", description: `must be between 0 and ${BUFFER_MAX_MS} milliseconds` }]);
        const filter = parseFilter(request.filter ?? "", "TailLogEntriesRequest");
        let sent = Date.now();
        // Which instances qualify changes only when the runs do: worked out again then, not at every tick.
        let list: Source[] = [];
        let version = -1;
        timer = setInterval(() => {
          const upTo = Date.now() - windowMs;
          if (upTo <= sent) return;
          if (version !== runs.version) [list, version] = [projects.flatMap((project) => sources(runs.of(project), project, filter)), runs.version];
          const entries = entriesBetween(sent, upTo, list, filter);
          sent = upTo;
          if (entries.length) call.write({ entries: entries.map(toWire) });
        }, TAIL_TICK_MS);
      } catch (error) {
        // grpc-js ends the call with this status.
        call.emit("error", toServerError(error));
      }
    });
  };
}
