import { describe, expect, it } from "vitest";
import { isLater, lifecycleMove, nextLifecycleMove, statusDueBy } from "./lifecycle";

const eol = new Date("2027-03-31T00:00:00Z");
const at = (iso: string) => new Date(iso);

describe("a base image's lifecycle by its end-of-life date", () => {
  it("is deprecated from 90 days before, restricted from 30 days before, revoked from the day itself (UTC)", () => {
    expect(statusDueBy(eol, at("2026-12-30T23:59:59Z"))).toBe("approved");
    expect(statusDueBy(eol, at("2026-12-31T00:00:00Z"))).toBe("deprecated");
    expect(statusDueBy(eol, at("2027-02-28T23:59:59Z"))).toBe("deprecated");
    expect(statusDueBy(eol, at("2027-03-01T00:00:00Z"))).toBe("restricted");
    expect(statusDueBy(eol, at("2027-03-30T23:59:59Z"))).toBe("restricted");
    expect(statusDueBy(eol, at("2027-03-31T00:00:00Z"))).toBe("revoked");
    expect(statusDueBy(null, at("2099-01-01T00:00:00Z"))).toBe("approved");
  });

  it("moves only forward: skips a stage it is late for, never undoes an operator's earlier move", () => {
    expect(lifecycleMove({ status: "approved", endOfLife: eol }, at("2027-03-10T03:00:00Z"))).toBe("restricted");
    expect(lifecycleMove({ status: "approved", endOfLife: eol }, at("2027-06-01T00:00:00Z"))).toBe("revoked");
    expect(lifecycleMove({ status: "restricted", endOfLife: eol }, at("2027-01-15T00:00:00Z"))).toBeNull();
    expect(lifecycleMove({ status: "revoked", endOfLife: eol }, at("2026-01-01T00:00:00Z"))).toBeNull();
    expect(lifecycleMove({ status: "deprecated", endOfLife: eol }, at("2027-01-15T00:00:00Z"))).toBeNull();
    expect(lifecycleMove({ status: "approved", endOfLife: null }, at("2099-01-01T00:00:00Z"))).toBeNull();
  });

  it("orders the statuses approved, deprecated, restricted, revoked", () => {
    expect(isLater("restricted", "deprecated")).toBe(true);
    expect(isLater("deprecated", "restricted")).toBe(false);
    expect(isLater("revoked", "restricted")).toBe(true);
    expect(isLater("approved", "approved")).toBe(false);
  });

  it("announces the next move the date will make, and its day", () => {
    expect(nextLifecycleMove({ status: "approved", endOfLife: eol }, at("2026-12-03T10:00:00Z"))).toEqual({ status: "deprecated", on: at("2026-12-31T00:00:00Z") });
    expect(nextLifecycleMove({ status: "deprecated", endOfLife: eol }, at("2026-12-03T10:00:00Z"))).toEqual({ status: "restricted", on: at("2027-03-01T00:00:00Z") });
    expect(nextLifecycleMove({ status: "restricted", endOfLife: eol }, at("2027-03-05T10:00:00Z"))).toEqual({ status: "revoked", on: eol });
    expect(nextLifecycleMove({ status: "revoked", endOfLife: eol }, at("2026-12-03T10:00:00Z"))).toBeNull();
    expect(nextLifecycleMove({ status: "approved", endOfLife: null }, at("2026-12-03T10:00:00Z"))).toBeNull();
  });
});
