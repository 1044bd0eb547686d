// The launcher's log thread against the sandbox clouds: each cloud's log followed on the worker thread through the
// official clients, as the adapters follow it in one thread; refusals and faults come back as the adapters throw them;
// the thread starts with the first follow and serves the next ones, and a thread that stops ends the follows on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "@/providers/errors";
import { adapterFor, PROVIDER_KINDS } from "@/providers/registry";
import type { DeploymentSpec, LogLine, LogQuery, ProviderKind, ResourceRef, TargetConnection } from "@/providers/types";
import { db } from "@/server/db/client";
import { targetConnection } from "@/server/targets/service";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";
import { type LogThread, startLogThread } from "./thread";

const spec = (name: string): DeploymentSpec => ({ ...baseSettings, name, ingress: "internal", labels: {} });

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let thread: LogThread;
const running = {} as Record<ProviderKind, { ref: ResourceRef; connection: TargetConnection }>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 200, probePeriodMs: 300, workers: false });
  await Promise.all(
    PROVIDER_KINDS.map(async (kind) => {
      const adapter = adapterFor(kind);
      const connection = await targetConnection(db(), sandbox.byKind[kind].targetId);
      const ref = await adapter.apply(spec(`thread-${kind.slice(0, 3)}`), connection, `thread-${kind}`);
      await waitFor(`${kind} running`, async () => (await adapter.status(ref, connection)).phase === "running", 90_000);
      running[kind] = { ref, connection };
    }),
  );
  thread = startLogThread();
  expect(thread.running(), "no thread before the first follow").toBe(false);
}, 180_000);
afterAll(async () => {
  await thread?.stop();
  await sandbox?.stop();
});

const following = (signal: AbortSignal, query: Omit<LogQuery, "signal"> = {}) => ({ ...query, follow: true, signal });

/** The first line a follow gives that was written after `after`, and when it came. */
async function firstLineAfter(lines: AsyncIterable<LogLine>, after: number, stop: AbortController) {
  for await (const line of lines) {
    if (Date.parse(line.time) > after) {
      stop.abort();
      return { line, receivedAt: Date.now() };
    }
  }
  return undefined;
}

describe.each(PROVIDER_KINDS)("%s", (kind) => {
  it("a line the container writes reaches the reader through the thread within 2 s, after the lines so far", async () => {
    const { ref, connection } = running[kind];
    const stop = new AbortController();
    const startedAt = Date.now();
    const seen: LogLine[] = [];
    const lines = thread.follow(kind, ref, connection, following(stop.signal, { limit: 200 }));
    const fresh = await firstLineAfter(
      (async function* () {
        for await (const line of lines) {
          seen.push(line);
          yield line;
        }
      })(),
      startedAt,
      stop,
    );
    expect(fresh, "a line written after following started").toBeDefined();
    expect(fresh!.receivedAt - Date.parse(fresh!.line.time)).toBeLessThan(2_000);
    // The lines so far came first, as the adapter gives them: the container's start-up line among them.
    expect(seen.some((line) => line.message.startsWith("Starting "))).toBe(true);
  });

  it("a cloud's refusal comes back as the adapter gives it in this thread", async () => {
    const { ref, connection } = running[kind];
    const other = PROVIDER_KINDS.find((candidate) => candidate !== kind)!;
    const wrong = { ...connection, coordinates: running[other].connection.coordinates, credentials: running[other].connection.credentials };
    const read = async (lines: AsyncIterable<LogLine>) => {
      for await (const line of lines) void line;
    };
    const here = await read(adapterFor(kind).logs(ref, wrong, following(new AbortController().signal))).catch((error: unknown) => error);
    const there = await read(thread.follow(kind, ref, wrong, following(new AbortController().signal))).catch((error: unknown) => error);
    expect(here).toBeInstanceOf(ProviderError);
    expect(there).toBeInstanceOf(ProviderError);
    const parts = (error: ProviderError) => ({ kind: error.kind, message: error.message, field: error.field });
    expect(parts(there as ProviderError)).toEqual(parts(here as ProviderError));
  });
});

describe("the thread", () => {
  it("a fault of Bulkhead's in the thread comes back as an error with its message", async () => {
    const { ref, connection } = running["aws-ecs"];
    const lines = thread.follow("nowhere", ref, connection, following(new AbortController().signal));
    await expect((async () => { for await (const line of lines) void line; })()).rejects.toThrow('No provider of kind "nowhere" reads logs');
  });

  it("serves follow after follow on one thread, each ended when its reader stops", async () => {
    const { ref, connection } = running.kubernetes;
    for (let round = 1; round <= 2; round++) {
      const stop = new AbortController();
      const iterator = thread.follow("kubernetes", ref, connection, following(stop.signal, { limit: 1 }))[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      expect(thread.running()).toBe(true);
      expect(thread.following()).toBe(1);
      stop.abort();
      expect((await iterator.next()).done).toBe(true);
      expect(thread.following()).toBe(0);
    }
  });

  it("a thread that stops ends the follows on it with an error, and the next follow starts a new one", async () => {
    const { ref, connection } = running["azure-aci"];
    const stopped = startLogThread();
    const iterator = stopped.follow("azure-aci", ref, connection, following(new AbortController().signal, { limit: 1 }))[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    await stopped.stop();
    await expect(iterator.next()).rejects.toThrow("The log thread was stopped");
    expect(stopped.running()).toBe(false);

    const stop = new AbortController();
    const again = stopped.follow("azure-aci", ref, connection, following(stop.signal, { limit: 1 }))[Symbol.asyncIterator]();
    expect((await again.next()).done).toBe(false);
    stop.abort();
    await again.next();
    await stopped.stop();
  });
});
