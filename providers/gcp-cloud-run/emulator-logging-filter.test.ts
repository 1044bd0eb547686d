// The emulator's reading of the Logging query language, and that the adapter's filters are ones it reads as meant.
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { RpcError } from "./emulator-errors";
import { type FilterableEntry, parseFilter } from "./emulator-logging-filter";
import { logFilter } from "./logs";

const entry = (patch: Partial<FilterableEntry> = {}): FilterableEntry => ({
  at: Date.parse("2026-05-01T12:00:00.500Z"),
  textPayload: "GET /healthz 200 OK",
  logName: "projects/p/logs/run.googleapis.com%2Fstdout",
  resource: { type: "cloud_run_revision", labels: { service_name: "api", location: "europe-west1", revision_name: "api-00001-abc" } },
  labels: { instanceId: "0af1" },
  ...patch,
});

function refusal(filter: string): RpcError {
  try {
    parseFilter(filter, "ListLogEntriesRequest");
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(status.INVALID_ARGUMENT);
    return error as RpcError;
  }
  throw new Error(`accepted ${filter}`);
}

describe("the Logging query language, as the emulator reads it", () => {
  it("reads the adapter's filter: the service, the time range (since inclusive, until exclusive) and the quoted text", () => {
    const source = { projectId: "p", region: "europe-west1", service: "api" };
    const text = 'say "hi" \\ there';
    const filter = parseFilter(logFilter(source, { since: new Date("2026-05-01T12:00:00.500Z"), until: new Date("2026-05-01T12:00:01.000Z"), filter: text }), "ListLogEntriesRequest");
    expect([filter.from, filter.to]).toEqual([Date.parse("2026-05-01T12:00:00.500Z"), Date.parse("2026-05-01T12:00:01.000Z")]);
    expect(filter.matches(entry({ textPayload: `they ${text}!` }))).toBe(true);
    expect(filter.matches(entry({ textPayload: "say hi there" }))).toBe(false);
    expect(filter.matches(entry({ textPayload: text, at: Date.parse("2026-05-01T12:00:01.000Z") }))).toBe(false);
    expect(filter.qualifies(entry({ resource: { type: "cloud_run_revision", labels: { service_name: "other", location: "europe-west1" } } }))).toBe(false);
  });

  it("compares strings without regard to case, joins by AND or a space, and searches every field for a bare term", () => {
    expect(parseFilter('textPayload:"200 ok"', "r").matches(entry())).toBe(true);
    expect(parseFilter('resource.type=CLOUD_RUN_REVISION resource.labels.service_name!="web"', "r").matches(entry())).toBe(true);
    expect(parseFilter('"api-00001"', "r").matches(entry())).toBe(true);
    expect(parseFilter("healthz AND labels.instanceId=0af1", "r").matches(entry())).toBe(true);
    expect(parseFilter('timestamp>"2026-05-01T12:00:00.500Z"', "r").matches(entry())).toBe(false);
    expect(parseFilter('timestamp<="2026-05-01T12:00:00.500Z"', "r").matches(entry())).toBe(true);
  });

  it("refuses what it cannot read, naming it, rather than answer wrongly", () => {
    expect(refusal('resource.type="a" OR resource.type="b"').message).toContain('"OR"');
    expect(refusal("NOT textPayload:robot").message).toContain('"NOT"');
    expect(refusal("-textPayload:robot").message).toContain('"-textPayload"');
    expect(refusal('(textPayload:"a")').message).toContain('"("');
    expect(refusal('severity>="ERROR"').message).toContain('"severity"');
    expect(refusal('textPayload=~"a.*"').message).toContain('"=~"');
    expect(refusal('timestamp>="yesterday"').message).toContain("Invalid timestamp");
    expect(refusal("AND textPayload:a").message).toContain('"AND"');
    expect(refusal('textPayload:"a" AND').message).toContain('"AND"');
  });
});
