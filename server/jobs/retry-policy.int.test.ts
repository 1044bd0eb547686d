// What every job Bulkhead queues carries as its retry policy, read back from pg-boss's own table (the delays between
// attempts are pg-boss's formula over these: doubling from 1 s with jitter, never above the maximum).
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { enqueue, queue, QUEUES, stopQueue } from "./queue";

afterAll(() => stopQueue());

describe("the retry policy of a queued job", () => {
  it("backs off exponentially, at most a minute apart, twelve times", async () => {
    await db().$transaction((tx) => enqueue(tx, QUEUES.targetCheck, { probe: "retry-policy" }, { startAfterSeconds: 3600 }));
    const [job] = await (await queue()).findJobs(QUEUES.targetCheck, { data: { probe: "retry-policy" } });
    expect(job).toMatchObject({ retryBackoff: true, retryDelay: 1, retryDelayMax: 60, retryLimit: 12 });
  });
});
