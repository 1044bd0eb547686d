import { describe, expect, it } from "vitest";
import { daysToEndOfLife, endOfLifeDistance, endOfLifePassed } from "./end-of-life";

const eol = new Date("2027-03-31T00:00:00Z");
const at = (iso: string) => new Date(iso);

describe("end of life", () => {
  it("has passed from the midnight (UTC) that starts its day, as policy judges it", () => {
    expect(endOfLifePassed(eol, at("2027-03-30T23:59:59Z"))).toBe(false);
    expect(endOfLifePassed(eol, at("2027-03-31T00:00:00Z"))).toBe(false);
    expect(endOfLifePassed(eol, at("2027-03-31T00:00:01Z"))).toBe(true);
    expect(endOfLifePassed(null, at("2099-01-01T00:00:00Z"))).toBe(false);
  });

  it("counts whole UTC days, whatever the hour", () => {
    expect(daysToEndOfLife(eol, at("2027-03-19T23:30:00Z"))).toBe(12);
    expect(daysToEndOfLife(eol, at("2027-03-30T00:00:00Z"))).toBe(1);
    expect(daysToEndOfLife(eol, at("2027-03-31T18:00:00Z"))).toBe(0);
    expect(daysToEndOfLife(eol, at("2027-04-03T01:00:00Z"))).toBe(-3);
  });

  it("says how far off it is in words", () => {
    expect(endOfLifeDistance(eol, at("2027-03-19T12:00:00Z"))).toBe("ends in 12 days");
    expect(endOfLifeDistance(eol, at("2027-03-30T12:00:00Z"))).toBe("ends in 1 day");
    expect(endOfLifeDistance(eol, at("2027-03-31T12:00:00Z"))).toBe("ended today");
    expect(endOfLifeDistance(eol, at("2027-04-01T12:00:00Z"))).toBe("ended 1 day ago");
    expect(endOfLifeDistance(eol, at("2027-04-03T12:00:00Z"))).toBe("ended 3 days ago");
  });
});
