// The hash chain of the audit trail, as pure functions: what an event's hash covers, and a walker that
// checks events in sequence order and names the first one that breaks the chain.
import { createHash } from "node:crypto";
// RFC 8785 (JSON Canonicalization Scheme) through `canonicalize`, maintained by one of the RFC's authors:
// key order, number formatting and string escaping are pinned down, so the same event gives the same
// bytes in any language and anyone can recompute a hash offline. JSON.stringify promises none of that.
import canonicalize from "canonicalize";
import type { AuditEvent } from "@/server/db/generated/client";

/** prevHash of the first chained event. */
export const GENESIS_HASH = "0".repeat(64);

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** What an event's hash covers. The fields are listed, not spread, so a column added later changes no existing
 * hash unless someone decides it should. */
function hashedFields(event: Omit<AuditEvent, "hash">) {
  return {
    sequence: event.sequence.toString(),
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorEmail: event.actorEmail,
    actorRole: event.actorRole,
    action: event.action,
    outcome: event.outcome,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    teamId: event.teamId,
    before: event.before,
    after: event.after,
    reason: event.reason,
    requestId: event.requestId,
    sourceIp: event.sourceIp,
    userAgent: event.userAgent,
    prevHash: event.prevHash,
  };
}

/** RFC 8785 JSON of the event's content and prevHash. */
export function canonicalEvent(event: Omit<AuditEvent, "hash">): string {
  const text = canonicalize(hashedFields(event));
  if (text === undefined) throw new Error(`audit event ${event.sequence} cannot be canonicalised`);
  return text;
}

/** The fields the database sets when it appends (prisma/migrations/*_audit_append_function): plain ASCII
 * (an ISO time, hex, digits), so in canonical JSON each is its text between quotes, with nothing escaped. */
const DATABASE_FIELDS = new Set(["occurredAt", "prevHash", "sequence"]);
export type AppendedFields = "sequence" | "occurredAt" | "prevHash";

/**
 * canonicalEvent without the database's fields: the four texts around their values, which follow in key
 * order (occurredAt, prevHash, sequence), so that part1 + occurredAt + part2 + prevHash + part3 + sequence +
 * part4 is canonicalEvent of the whole event. Built as RFC 8785 builds an object: members sorted by key
 * (UTF-16 code units, as Array.prototype.sort compares), each value canonicalised on its own.
 */
export function canonicalEventParts(event: Omit<AuditEvent, "hash" | AppendedFields>): [string, string, string, string] {
  const fields: Record<string, unknown> = hashedFields({ ...event, sequence: 0n, occurredAt: new Date(0), prevHash: null });
  const parts: string[] = [];
  let text = "{";
  for (const [index, key] of Object.keys(fields).sort().entries()) {
    text += `${index ? "," : ""}${canonicalize(key)}:`;
    if (DATABASE_FIELDS.has(key)) {
      parts.push(`${text}"`);
      text = '"';
      continue;
    }
    const value = canonicalize(fields[key]);
    if (value === undefined) throw new Error(`audit event field ${key} cannot be canonicalised`);
    text += value;
  }
  parts.push(`${text}}`);
  return parts as [string, string, string, string];
}

export function eventHash(event: Omit<AuditEvent, "hash">): string {
  return sha256Hex(canonicalEvent(event));
}

export interface ChainBreak {
  /** The first event that does not fit the chain. */
  sequence: string;
  problem: "edited" | "missing events before it" | "not linked to the previous event" | "unchained";
  detail: string;
}

/** The last event verified, from which a walk continues (e.g. the event before a range). */
export interface ChainAnchor {
  sequence: bigint;
  hash: string | null;
}

/**
 * Checks events fed in ascending sequence order. An edited event no longer matches its hash; a deleted
 * one leaves a gap in the sequence; an inserted or reordered one no longer matches its hash (the sequence
 * is hashed) or is not linked by prevHash to the event before it. Events written before the chain existed
 * (no hash) are accepted only as a leading run.
 */
export class ChainWalker {
  checked = 0;
  unchained = 0;
  private last: ChainAnchor | null;

  /** `counts` continue a walk that stopped after `anchor` (a resumed verification job). */
  constructor(anchor: ChainAnchor | null = null, counts: { checked: number; unchained: number } = { checked: 0, unchained: 0 }) {
    this.last = anchor;
    this.checked = counts.checked;
    this.unchained = counts.unchained;
  }

  get head(): ChainAnchor | null {
    return this.last;
  }

  /** Returns the break this event makes, or null when it extends the chain. */
  push(event: AuditEvent): ChainBreak | null {
    const sequence = event.sequence.toString();
    const last = this.last;
    if (last && event.sequence !== last.sequence + 1n) {
      return { sequence, problem: "missing events before it", detail: `expected ${last.sequence + 1n} after ${last.sequence}` };
    }
    if (event.hash === null || event.prevHash === null) {
      if (last?.hash) return { sequence, problem: "unchained", detail: "has no hash although earlier events do" };
      this.unchained++;
    } else {
      if (eventHash(event) !== event.hash) return { sequence, problem: "edited", detail: "its content does not match its hash" };
      const expected = last?.hash ?? GENESIS_HASH;
      if (event.prevHash !== expected) return { sequence, problem: "not linked to the previous event", detail: `prevHash ${event.prevHash} ≠ ${expected}` };
    }
    this.checked++;
    this.last = { sequence: event.sequence, hash: event.hash };
    return null;
  }
}

/** Walks a whole list; the first break, or null when every event fits. */
export function findChainBreak(events: Iterable<AuditEvent>, anchor: ChainAnchor | null = null): ChainBreak | null {
  const walker = new ChainWalker(anchor);
  for (const event of events) {
    const broken = walker.push(event);
    if (broken) return broken;
  }
  return null;
}
