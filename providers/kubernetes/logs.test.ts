// The follower's pod discovery, with a source in memory standing in for the API server (the adapter against the
// emulator is adapter-logs.int.test.ts): one list, then a watch from its resourceVersion; a list again only when the
// watch ends.
import { describe, expect, it } from "vitest";
import type { LogLine } from "../types";
import { type PodLogSource, readLogs, type StartedPods } from "./logs";

const aborted = (signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));

/** A source whose pods each print one line when followed; `lists` are the answers to successive lists. */
function source(lists: StartedPods[], watch: (call: number, started: (pod: string) => void, signal: AbortSignal) => Promise<void>) {
  const calls = { lists: 0, watchedFrom: [] as (string | undefined)[] };
  const pods: PodLogSource = {
    pods: async () => lists[Math.min(calls.lists++, lists.length - 1)],
    watchPods: (resourceVersion, started, signal) => {
      calls.watchedFrom.push(resourceVersion);
      return watch(calls.watchedFrom.length, started, signal);
    },
    read: async (pod, options, line, signal) => {
      if (!options.follow) return;
      line(`${new Date().toISOString()} hello from ${pod}`);
      if (signal) await aborted(signal);
    },
  };
  return { pods, calls };
}

async function follow(pods: PodLogSource, until: (lines: LogLine[]) => boolean, withinMs: number): Promise<LogLine[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), withinMs);
  const lines: LogLine[] = [];
  for await (const line of readLogs(pods, { follow: true, since: new Date(Date.now() - 1000), signal: controller.signal })) {
    lines.push(line);
    if (until(lines)) controller.abort();
  }
  clearTimeout(timer);
  return lines;
}

const from = (lines: LogLine[]) => [...new Set(lines.map((line) => line.instance))].sort();

describe("following a Kubernetes app's log", () => {
  it("lists the pods once and learns of a new one from a watch that starts at the list's version", async () => {
    const { pods, calls } = source([{ names: ["web-a"], resourceVersion: "41" }], async (_, started, signal) => {
      setTimeout(() => started("web-b"), 50);
      await aborted(signal);
    });
    const lines = await follow(pods, (seen) => from(seen).length === 2, 1_500);
    expect(from(lines)).toEqual(["web-a", "web-b"]);
    expect(calls.lists).toBe(1);
    expect(calls.watchedFrom).toEqual(["41"]);
  });

  it("lists again when the watch ends, follows what the list finds, and watches from the new list's version", async () => {
    const { pods, calls } = source(
      [
        { names: ["web-a"], resourceVersion: "41" },
        { names: ["web-a", "web-c"], resourceVersion: "57" },
      ],
      async (call, _, signal) => {
        // The first watch ends at once, as when the server lets it expire (410); the next stays open.
        if (call > 1) await aborted(signal);
      },
    );
    const lines = await follow(pods, (seen) => from(seen).length === 2, 5_000);
    expect(from(lines)).toEqual(["web-a", "web-c"]);
    expect(calls.lists).toBe(2);
    expect(calls.watchedFrom).toEqual(["41", "57"]);
  });
});
