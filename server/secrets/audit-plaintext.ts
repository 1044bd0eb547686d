import { db } from "@/server/db/client";
import { plaintextFindings, type PlaintextFinding } from "./plaintext-findings";

// The audit trail is append-only, so plaintext secrets written into it before secrets existed stay there. This
// lists the events that hold such values (where and why, never what), oldest first, for compliance to report.

export interface EventWithPlaintext {
  sequence: bigint;
  occurredAt: Date;
  action: string;
  resourceType: string;
  resourceId: string | null;
  findings: PlaintextFinding[];
}

const PAGE = 1000;

export async function* auditEventsWithPlaintext(): AsyncGenerator<EventWithPlaintext> {
  let after = 0n;
  for (;;) {
    const events = await db().auditEvent.findMany({
      where: { sequence: { gt: after } },
      orderBy: { sequence: "asc" },
      take: PAGE,
      select: { sequence: true, occurredAt: true, action: true, resourceType: true, resourceId: true, before: true, after: true, reason: true },
    });
    for (const event of events) {
      const findings = [...plaintextFindings(event.before, "before"), ...plaintextFindings(event.after, "after"), ...plaintextFindings(event.reason, "reason")];
      if (findings.length) yield { sequence: event.sequence, occurredAt: event.occurredAt, action: event.action, resourceType: event.resourceType, resourceId: event.resourceId, findings };
    }
    if (events.length < PAGE) return;
    after = events.at(-1)!.sequence;
  }
}
