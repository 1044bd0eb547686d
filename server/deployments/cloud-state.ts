import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { CloudUnavailableError, ConflictError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canReadTeam } from "@/server/identity/permissions";
import { targetConnection } from "@/server/targets/service";
import { ProviderError } from "@/providers/errors";
import { adapterFor } from "@/providers/registry";
import type { CloudEvent, LogLine, LogQuery } from "@/providers/types";
import { loadDeployment } from "./access";
import type { DeploymentLogsInput, ExportLogsInput, FollowLogsInput } from "./cloud-schemas";
import { storedResourceRef } from "./stored";

// What the cloud itself says about a deployment: its container's log lines, its events, and its state now (address and
// instances running), each read through the target's adapter when asked and never stored. Everyone who may read the
// deployment may read these; reading is not audited, exporting is. When the cloud cannot answer, the answer says why in
// `problem` instead of failing the page.

/** Nothing to read before the cloud accepted the deployment. */
const NOT_CREATED = "Nothing has been created in the cloud for this deployment yet";
/** A read that does not follow gives up after this long. */
const READ_TIMEOUT_MS = 20_000;
/** Lines sent before following when the follower names no start. */
const FOLLOW_BACKLOG = 200;

async function cloudOf(caller: Caller, id: string, action: string) {
  const deployment = await loadDeployment(db(), caller, id, action, canReadTeam);
  const ref = storedResourceRef(deployment);
  const adapter = adapterFor(deployment.target.kind);
  return { deployment, ref, adapter, connection: ref ? await targetConnection(db(), deployment.targetId) : null };
}

/** A cloud's refusal or silence, in words; anything else is a fault of Bulkhead's and is thrown. */
function unanswered(error: unknown): string {
  if (error instanceof ProviderError) return error.message;
  if (error instanceof Error && error.name === "TimeoutError") return `The cloud did not answer within ${READ_TIMEOUT_MS / 1000} s`;
  throw error;
}

const queryOf = (input: { since?: string; until?: string; filter?: string; limit?: number }): LogQuery => ({
  since: input.since === undefined ? undefined : new Date(input.since),
  until: input.until === undefined ? undefined : new Date(input.until),
  filter: input.filter,
  limit: input.limit,
});

async function readLines(caller: Caller, input: DeploymentLogsInput | ExportLogsInput, action: string) {
  const cloud = await cloudOf(caller, input.id, action);
  if (!cloud.ref || !cloud.connection) return { cloud, lines: [] as LogLine[], problem: null, created: false };
  const lines: LogLine[] = [];
  try {
    for await (const line of cloud.adapter.logs(cloud.ref, cloud.connection, { ...queryOf(input), follow: false, signal: AbortSignal.timeout(READ_TIMEOUT_MS) })) lines.push(line);
    return { cloud, lines: lines.slice(-input.limit), problem: null, created: true };
  } catch (error) {
    return { cloud, lines: [] as LogLine[], problem: unanswered(error), created: true };
  }
}

/** The newest lines of a range, oldest first. */
export async function deploymentLogs(caller: Caller, input: DeploymentLogsInput) {
  const { lines, problem, created } = await readLines(caller, input, "deployment.read-logs");
  return { lines, problem: created ? problem : NOT_CREATED };
}

/**
 * A follower of the deployment's lines, once access is checked (a deployment the caller may not read is "not found", as
 * everywhere): those since `since` (or the newest few so far), then each new one until the signal aborts.
 */
export async function logFollower(caller: Caller, input: FollowLogsInput) {
  const { ref, connection, adapter } = await cloudOf(caller, input.id, "deployment.read-logs");
  if (!ref || !connection) throw new ConflictError(NOT_CREATED);
  const query: LogQuery = { ...queryOf(input), limit: input.since === undefined ? FOLLOW_BACKLOG : undefined, follow: true };
  return { follow: (signal: AbortSignal): AsyncIterable<LogLine> => adapter.logs(ref, connection, { ...query, signal }), problemOf: unanswered };
}

/** The lines of a range as a text file, one `time instance message` per line; audited with the range and the count. */
export async function exportDeploymentLogs(caller: Caller, input: ExportLogsInput) {
  const { cloud, lines, problem } = await readLines(caller, input, "deployment.export-logs");
  const { deployment } = cloud;
  const range = { since: input.since ?? null, until: input.until ?? null, filter: input.filter ?? null };
  await recordAudit(db(), caller, {
    action: "deployment.export-logs",
    outcome: problem === null ? "ok" : "failed",
    resourceType: "deployment",
    resourceId: deployment.id,
    teamId: deployment.teamId,
    after: { ...range, lines: lines.length },
    reason: problem ?? `${lines.length} log line(s) of ${deployment.app.name} on ${deployment.target.name} downloaded`,
  });
  if (problem !== null) throw new CloudUnavailableError(problem);
  const text = lines.map((line) => `${line.time} ${line.instance ?? "-"} ${line.message}\n`).join("");
  return { fileName: `${deployment.app.name}-${deployment.target.name}-logs.txt`, text, lines: lines.length };
}

/** The cloud's events about the deployment, newest first. */
export async function deploymentCloudEvents(caller: Caller, id: string): Promise<{ events: CloudEvent[]; problem: string | null }> {
  const cloud = await cloudOf(caller, id, "deployment.read");
  if (!cloud.ref || !cloud.connection) return { events: [], problem: NOT_CREATED };
  try {
    return { events: await withTimeout(cloud.adapter.events(cloud.ref, cloud.connection)), problem: null };
  } catch (error) {
    return { events: [], problem: unanswered(error) };
  }
}

/** The deployment as the cloud has it now: where it answers and how many instances run, live. */
export async function deploymentLiveState(caller: Caller, id: string) {
  const cloud = await cloudOf(caller, id, "deployment.read");
  if (!cloud.ref || !cloud.connection) return { phase: null, message: NOT_CREATED, url: null, runningInstances: null, problem: NOT_CREATED };
  try {
    const status = await withTimeout(cloud.adapter.status(cloud.ref, cloud.connection));
    return { phase: status.phase, message: status.message, url: status.url ?? null, runningInstances: status.runningInstances ?? null, problem: null };
  } catch (error) {
    return { phase: null, message: null, url: null, runningInstances: null, problem: unanswered(error) };
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(READ_TIMEOUT_MS);
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    work.then(resolve, reject);
  });
}
