import { describe, expect, it } from "vitest";
import { utcDay, utcMinute, utcSecond } from "./utc-time";

describe("UTC time for display", () => {
  it("cuts the UTC time to the day, the minute or the second, whatever the process's time zone", () => {
    const at = new Date("2026-11-23T23:59:58.765+01:00");
    expect([utcDay(at), utcMinute(at), utcSecond(at)]).toEqual(["2026-11-23", "2026-11-23 22:59", "2026-11-23 22:59:58"]);
  });
});
