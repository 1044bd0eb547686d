// The file an event's inclusion proof is handed over in (event-proof.ts writes it, event-proof-check.ts reads
// it), with no database behind it.
import type { AuditEvent } from "@/server/db/generated/client";
import { EXPORT_COLUMNS } from "./export-format";

export const EVENT_PROOF_FORMAT = "bulkhead-audit-inclusion-proof/v1";

export interface EventProofBundle {
  format: typeof EVENT_PROOF_FORMAT;
  /** The event's fields as an NDJSON export line has them (export-format.ts), so its hash can be recomputed. */
  event: Record<(typeof EXPORT_COLUMNS)[number], unknown>;
  leafIndex: string;
  treeSize: string;
  /** Base64 hashes, leaf to root (RFC 9162 §2.1.3). */
  inclusionProof: string[];
  /** The checkpoint (c2sp.org/tlog-checkpoint) with the log's signature and each witness's cosignature. */
  checkpoint: string;
  witnesses: string[];
  /** The log's keys as published (audit.publicKeys); an auditor should check with keys obtained on their own. */
  logKeys: string[];
}

export function eventRecord(event: AuditEvent): EventProofBundle["event"] {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const record = {} as EventProofBundle["event"];
  for (const column of EXPORT_COLUMNS) {
    const value = event[column];
    record[column] = column === "occurredAt" ? event.occurredAt.toISOString() : column === "before" || column === "after" ? (value ?? null) : text(value);
  }
  return record;
}
