import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/server/db/generated/client";
import { canonicalEvent, eventHash, findChainBreak, GENESIS_HASH } from "./chain";

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
