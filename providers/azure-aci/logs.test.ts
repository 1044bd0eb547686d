// The follower's polls, with a log in memory standing in for Containers - List Logs (the adapter against the
// emulator is adapter-logs.int.test.ts): a short tail while the container prints little, the long one when more was
// printed since the last poll than the short tail holds, and no line lost or given twice either way.
import { describe, expect, it } from "vitest";
import { type LogReader, readLogs } from "./logs";

/** A container's log with timestamps, and the tails the follower asked for. */
function container() {
  const printed: string[] = [];
  const tails: (number | undefined)[] = [];
  let clock = Date.parse("2026-12-04T10:00:00Z");
  const read: LogReader = async (tail) => {
    tails.push(tail);
    return printed.slice(tail === undefined ? 0 : -tail).join("\n") + (printed.length ? "\n" : "");
  };
  const print = (count: number, what: string) => {
    for (let i = 0; i < count; i++) printed.push(`${new Date((clock += 7)).toISOString()} ${what} ${i}`);
  };
  return { read, print, tails };
}

describe("following an ACI container's log", () => {
  it("asks for a short tail while little is printed, the long one after a burst, and gives every line once", async () => {
    const { read, print, tails } = container();
    print(3, "start");
    const controller = new AbortController();
    const got: string[] = [];
    const following = (async () => {
      for await (const line of readLogs(read, "web", { follow: true, signal: controller.signal })) got.push(line.message);
    })();
    // Between polls (one a second): a line, then a burst of 120, then another line.
    await new Promise((resolve) => setTimeout(resolve, 500));
    print(1, "probe");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    print(120, "burst");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    print(1, "after");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    controller.abort();
    await following;

    const expected = [...[0, 1, 2].map((i) => `start ${i}`), "probe 0", ...Array.from({ length: 120 }, (_, i) => `burst ${i}`), "after 0"];
    expect(got).toEqual(expected);
    // The range read, then short tails; the long tail once, for the poll that met the burst.
    expect(tails[0]).toBe(1000);
    expect(tails.slice(1).filter((tail) => tail === 1000)).toHaveLength(1);
    expect(tails.slice(1).filter((tail) => tail === 50).length).toBeGreaterThanOrEqual(3);
  });
});
