import { describe, expect, it } from "vitest";
import { advance, chosen, parseLog, startCursor } from "./log-lines";

const log = [
  "2026-12-04T10:00:00.000000001Z Starting team-a/shop:1.0",
  "2026-12-04T10:00:00.000000002Z Environment: GREETING",
  "  continued without a stamp",
  "2026-12-04T10:00:01Z",
  "2026-12-04T11:00:02.5+01:00 GET /healthz 200 OK",
  "",
].join("\n");

describe("stamped log lines", () => {
  it("reads each stamp to the nanosecond, gives an unstamped line the time before it and a bare stamp an empty line", () => {
    const lines = parseLog(log, "app");
    expect(lines.map(({ ns }) => ns)).toEqual([1796378400000000001n, 1796378400000000002n, 1796378400000000002n, 1796378401000000000n, 1796378402500000000n]);
    expect(lines.map(({ line }) => line.message)).toEqual(["Starting team-a/shop:1.0", "Environment: GREETING", "  continued without a stamp", "", "GET /healthz 200 OK"]);
    expect(lines[4].line).toEqual({ time: "2026-12-04T10:00:02.500Z", message: "GET /healthz 200 OK", instance: "app" });
  });

  it("chooses by since, until and text, the newest `limit` of them, oldest first", () => {
    const lines = parseLog(log, "app");
    expect(chosen(lines, { since: new Date("2026-12-04T10:00:00.001Z") }).map((line) => line.message)).toEqual(["", "GET /healthz 200 OK"]);
    expect(chosen(lines, { until: new Date("2026-12-04T10:00:01Z") }).map((line) => line.message)).toHaveLength(3);
    expect(chosen(lines, { filter: "GREETING" }).map((line) => line.message)).toEqual(["Environment: GREETING"]);
    expect(chosen(lines, { limit: 1 }).map((line) => line.message)).toEqual(["GET /healthz 200 OK"]);
  });

  it("a follower's cursor lets each line through once, also lines of the same nanosecond read again", () => {
    const cursor = startCursor();
    const first = parseLog(log.split("\n").slice(0, 2).join("\n"), "app");
    expect(first.filter((line) => advance(cursor, line))).toHaveLength(2);
    const again = parseLog(log, "app").filter((line) => advance(cursor, line)).map(({ line }) => line.message);
    expect(again).toEqual(["  continued without a stamp", "", "GET /healthz 200 OK"]);
  });
});
