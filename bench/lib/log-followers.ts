import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/server/db/client";
import { startSandboxClouds } from "@/server/sandbox/clouds";
import { targetConnection } from "@/server/targets/service";
import { adapterFor, PROVIDER_KINDS } from "@/providers/registry";
import type { DeploymentSpec, LogLine } from "@/providers/types";

// For P4 with followers: deployments really running in the sandbox clouds (in this process, so their CPU is not the
// product's), their rows in the product's database, and browsers' worth of log streams held open on the product while
// it is measured. The lines come from each cloud's own log service through the adapters, as on a deployment's page.

const PROBE_PERIOD_MS = 1_000;

const spec = (name: string): DeploymentSpec => ({
  name,
  image: `registry.example.com/bench/follow@sha256:${"f".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "internal",
  healthCheckPath: "/healthz",
  labels: {},
});

/** `count` deployments spread over every sandbox cloud, running, each a row of one of `appIds`. */
export async function startFollowedDeployments(count: number, appIds: string[], teamId: string) {
  const clouds = await startSandboxClouds({ provisionDelayMs: 200, probePeriodMs: PROBE_PERIOD_MS });
  try {
    const targets = await db().target.findMany({ where: { sandbox: true }, select: { id: true, kind: true } });
    const ids = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const kind = PROVIDER_KINDS[index % PROVIDER_KINDS.length];
        const target = targets.find((candidate) => candidate.kind === kind)!;
        const adapter = adapterFor(kind);
        const connection = await targetConnection(db(), target.id);
        const ref = await adapter.apply(spec(`bench-follow-${index}`), connection, `bench-follow-${index}`);
        for (let phase = ""; phase !== "running"; await sleep(250)) phase = (await adapter.status(ref, connection)).phase;
        const row = await db().deployment.create({
          data: { appId: appIds[index], teamId, targetId: target.id, resourceName: ref.name, resourceRef: { ...ref }, status: "running", statusMessage: "Revision 1 is running", desiredRevision: 1, runningRevision: 1 },
        });
        return row.id;
      }),
    );
    return { ids, stop: () => clouds.stop() };
  } catch (error) {
    await clouds.stop();
    throw error;
  }
}

/** One log stream per deployment, held open on the product; counts lines and how late each arrived. */
export async function followAll(productUrl: string, cookie: string, ids: string[]) {
  const stop = new AbortController();
  const delays: number[] = [];
  const received = new Map<string, number>(ids.map((id) => [id, 0]));
  const streams = ids.map(async (id) => {
    const response = await fetch(`${productUrl}/api/deployments/${id}/logs/stream`, { headers: { cookie, accept: "text/event-stream" }, signal: stop.signal });
    if (!response.ok || !response.body) throw new Error(`following ${id}: ${response.status} ${await response.text()}`);
    const decoder = new TextDecoder();
    let buffered = "";
    const startedAt = Date.now();
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const fields = Object.fromEntries(frame.split("\n").map((field) => [field.slice(0, field.indexOf(":")), field.slice(field.indexOf(":") + 2)]));
        if (fields.event !== "line") continue;
        const line = JSON.parse(fields.data) as LogLine;
        received.set(id, received.get(id)! + 1);
        if (Date.parse(line.time) > startedAt) delays.push(Date.now() - Date.parse(line.time));
      }
    }
  });
  const failed = Promise.all(streams).catch((error: unknown) => (stop.signal.aborted ? undefined : error));
  return {
    /** Resolves once every stream has had a line written after it opened. */
    async ready(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (delays.length < ids.length || [...received.values()].some((lines) => lines === 0)) {
        const problem = await Promise.race([failed, sleep(200).then(() => undefined)]);
        if (problem) throw problem;
        if (Date.now() > deadline) throw new Error(`log streams not all delivering after ${timeoutMs} ms: ${JSON.stringify(Object.fromEntries(received))}`);
      }
    },
    stats() {
      const sorted = [...delays].sort((a, b) => a - b);
      return { lines: [...received.values()].reduce((sum, lines) => sum + lines, 0), delayP50: sorted[Math.floor(sorted.length / 2)] ?? 0, delayMax: sorted.at(-1) ?? 0 };
    },
    async stop() {
      stop.abort();
      await failed;
    },
  };
}
