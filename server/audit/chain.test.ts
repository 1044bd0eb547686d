import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/server/db/generated/client";
import { canonicalEvent, canonicalEventParts, eventHash, findChainBreak, GENESIS_HASH } from "./chain";

function event(sequence: number, prevHash: string | null, after: AuditEvent["after"] = { n: sequence }): AuditEvent {
  const unhashed = {
    sequence: BigInt(sequence),
    occurredAt: new Date(Date.UTC(2026, 10, 23, 9, 0, sequence)),
    actorId: "u1",
    actorEmail: "dev@example.com",
    actorRole: "developer" as const,
    action: "app.update",
    outcome: "ok" as const,
    resourceType: "app",
    resourceId: "a1",
    teamId: "t1",
    before: null,
    after,
    reason: null,
    requestId: `r${sequence}`,
    sourceIp: null,
    userAgent: null,
    prevHash,
  };
  return { ...unhashed, hash: prevHash === null ? null : eventHash(unhashed) };
}

/** A valid chain of `count` events, numbered from 1. */
function chain(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let n = 1; n <= count; n++) events.push(event(n, events.at(-1)?.hash ?? GENESIS_HASH));
  return events;
}

describe("the audit hash chain", () => {
  it("hashes RFC 8785 JSON: sorted keys, no whitespace, sequence as a string", () => {
    const text = canonicalEvent(event(1, GENESIS_HASH, { b: 1.0, a: "x" }));
    expect(text.startsWith('{"action":"app.update","actorEmail":"dev@example.com"')).toBe(true);
    expect(text).toContain('"after":{"a":"x","b":1}');
    expect(text).toContain('"sequence":"1"');
  });

  it("accepts an intact chain, including events that predate it", () => {
    expect(findChainBreak(chain(5))).toBeNull();
    const legacy = [event(1, null), event(2, null)];
    expect(findChainBreak([...legacy, event(3, GENESIS_HASH)])).toBeNull();
  });

  // Each tampering, and the event it must be reported at.
  const cases: [string, (events: AuditEvent[]) => AuditEvent[], string, string][] = [
    ["edited", (e) => e.map((x) => (x.sequence === 3n ? { ...x, after: { n: 99 } } : x)), "3", "edited"],
    ["deleted", (e) => e.filter((x) => x.sequence !== 3n), "4", "missing events before it"],
    ["reordered", (e) => [e[0], e[2], e[1], ...e.slice(3)], "3", "missing events before it"],
    ["renumbered after a swap", (e) => [e[0], { ...e[2], sequence: 2n }, { ...e[1], sequence: 3n }, ...e.slice(3)], "2", "edited"],
    ["inserted, later ones renumbered", (e) => [...e.slice(0, 2), event(3, e[1].hash), ...e.slice(2).map((x) => ({ ...x, sequence: x.sequence + 1n }))], "4", "edited"],
    ["inserted and rehashed, not relinked", (e) => [...e.slice(0, 2), event(3, e[1].hash, { forged: true }), ...e.slice(3)], "4", "not linked to the previous event"],
    ["hash removed", (e) => e.map((x) => (x.sequence === 4n ? { ...x, hash: null } : x)), "4", "unchained"],
  ];
  it.each(cases)("names the first broken event when one is %s", (_, tamper, sequence, problem) => {
    expect(findChainBreak(tamper(chain(6)))).toMatchObject({ sequence, problem });
  });

  it("continues from an anchor, as when verifying a range", () => {
    const events = chain(6);
    expect(findChainBreak(events.slice(3), { sequence: 3n, hash: events[2].hash })).toBeNull();
    expect(findChainBreak(events.slice(3), { sequence: 3n, hash: events[1].hash })).toMatchObject({ sequence: "4", problem: "not linked to the previous event" });
  });
});

describe("canonicalEventParts (the database completes and hashes appended events)", () => {
  const text = fc.option(fc.string({ unit: "binary" }), { nil: null });
  const json = fc.option(fc.jsonValue(), { nil: null }).map((value) => (value === null ? null : (JSON.parse(JSON.stringify(value)) as AuditEvent["before"])));
  const content = fc.record({
    actorId: text, actorEmail: text, actorRole: fc.constantFrom("developer", "operator", "compliance", "admin", null),
    action: fc.string({ unit: "binary" }), outcome: fc.constantFrom("ok", "denied", "failed"), resourceType: fc.string(), resourceId: text, teamId: text,
    before: json, after: json, reason: text, requestId: fc.string({ unit: "binary" }), sourceIp: text, userAgent: text,
  });

  it("joined with the database's fields in key order, are canonicalEvent of the whole event", () => {
    fc.assert(
      fc.property(content, fc.bigInt({ min: 1n, max: 2n ** 62n }), fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }), fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }), (fields, sequence, occurredAt, prevHash) => {
        const [part1, part2, part3, part4] = canonicalEventParts(fields as Parameters<typeof canonicalEventParts>[0]);
        // As the database writes them: ISO time, prevHash (GENESIS_HASH when there is none), sequence digits.
        const hash = prevHash ?? GENESIS_HASH;
        const joined = part1 + occurredAt.toISOString() + part2 + hash + part3 + sequence.toString() + part4;
        expect(joined).toBe(canonicalEvent({ ...(fields as Omit<AuditEvent, "hash" | "sequence" | "occurredAt" | "prevHash">), sequence, occurredAt, prevHash: hash }));
      }),
    );
  });
});
