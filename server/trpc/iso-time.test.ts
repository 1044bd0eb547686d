import { describe, expect, it } from "vitest";
import { isoTime } from "./iso-time";

const utc = (...parts: [number, number, number, number?, number?, number?, number?]) => new Date(Date.UTC(...parts));

describe("isoTime", () => {
  it("writes what toISOString writes, at the edges of days, months, leap years and centuries", () => {
    const edges = [
      new Date(0),
      new Date(-1),
      utc(1969, 11, 31, 23, 59, 59, 999),
      utc(2000, 1, 29, 12, 0, 0, 5),
      utc(2100, 1, 28, 23, 59, 59, 999),
      utc(2100, 2, 1),
      utc(2024, 1, 29),
      utc(1900, 1, 28, 1, 2, 3, 40),
      utc(2026, 11, 5, 17, 4, 9, 80),
      new Date("0000-01-01T00:00:00.000Z"),
      new Date("0999-03-01T00:00:00.000Z"),
      new Date("9999-12-31T23:59:59.999Z"),
    ];
    for (const date of edges) expect(isoTime(date)).toBe(date.toISOString());
  });

  it("writes what toISOString writes for a million random times over years 0–9999", () => {
    const first = Date.parse("0000-01-01T00:00:00.000Z");
    const span = Date.parse("9999-12-31T23:59:59.999Z") - first;
    const differing: string[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const date = new Date(first + Math.floor(Math.random() * span));
      if (isoTime(date) !== date.toISOString()) differing.push(date.toISOString());
    }
    expect(differing.slice(0, 5)).toEqual([]);
  });

  it("leaves other years to toISOString, and an invalid date throws as toISOString does", () => {
    for (const text of ["-000001-12-31T23:59:59.999Z", "+010000-01-01T00:00:00.000Z", "-271821-04-20T00:00:00.000Z"]) expect(isoTime(new Date(text))).toBe(text);
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
