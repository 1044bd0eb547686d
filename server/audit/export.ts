// Streams the events matching an audit.list filter as CSV or NDJSON, oldest first, with a manifest that lets
// anyone check the file offline (scripts/audit-verify-export.ts). The export is itself audited; its manifest
// is kept in that audit event's `after`, so it is fetched later from the trail itself and cannot be edited.
import { createHash } from "node:crypto";
import { db } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { csvRows, ndjsonLines, type ExportFormat } from "./export-format";
import { filterWhere } from "./list";
import { recordAudit } from "./record";
import { signManifest, type AuditExportFilter, type AuditExportManifest } from "./export-manifest";
import type { AuditListInput } from "./schemas";
import { signingKey } from "./signing-key";

/** Rows read per keyset query: memory stays at one batch however many rows match. 500 rather than 2000:
 * exporting 1,000,000 events peaked at 264 MB instead of 324 MB (bench/audit-export-memory.ts), and was not slower. */
const BATCH = 500;

export interface AuditExportRequest {
  exportId: string;
  format: ExportFormat;
  filter: AuditExportFilter;
  who: { actor: Actor; meta: RequestMeta };
  /** Rows written so far, after each batch. */
  onProgress?: (rows: number) => void;
}

/** Drops paging fields so the recorded filter is exactly what was exported. */
export function exportFilter({ cursor: _cursor, limit: _limit, ...filter }: Partial<AuditListInput> & AuditExportFilter): AuditExportFilter {
  return filter;
}

/**
 * The file's bytes, batch by batch (keyset on the sequence, so each query is an index range scan); the
 * manifest is the generator's return value. Records audit.export ok when the last byte is produced, failed
 * when reading breaks. A consumer that stops early (client gone) records nothing: no file was delivered.
 */
export async function* exportAuditEvents(request: AuditExportRequest): AsyncGenerator<Buffer, AuditExportManifest> {
  const { format, filter, who } = request;
  const digest = createHash("sha256");
  let count = 0;
  let first: AuditExportManifest["first"] = null;
  let last: AuditExportManifest["last"] = null;
  let head = 0n;
  try {
    head = (await db().auditEvent.aggregate({ _max: { sequence: true } }))._max.sequence ?? 0n;
    for (let after = 0n; ; ) {
      const events = await db().auditEvent.findMany({ where: { ...filterWhere(filter), sequence: { gt: after, lte: head } }, orderBy: { sequence: "asc" }, take: BATCH });
      if (events.length === 0) break;
      const chunk = Buffer.from(format === "csv" ? csvRows(events, count === 0) : ndjsonLines(events), "utf8");
      digest.update(chunk);
      first ??= { sequence: events[0].sequence.toString(), hash: events[0].hash };
      const tail = events[events.length - 1];
      last = { sequence: tail.sequence.toString(), hash: tail.hash };
      after = tail.sequence;
      count += events.length;
      yield chunk;
      request.onProgress?.(count);
    }
    if (count === 0 && format === "csv") {
      const header = Buffer.from(csvRows([], true), "utf8");
      digest.update(header);
      yield header;
    }
  } catch (error) {
    await recordAudit(db(), who, { action: "audit.export", outcome: "failed", resourceType: "audit-export", resourceId: request.exportId, after: { filter, format, count }, reason: "reading the trail failed" });
    throw error;
  }
  const key = await signingKey();
  const checkpoint = last ? await db().auditCheckpoint.findFirst({ where: { sequence: { lte: BigInt(last.sequence) } }, orderBy: { sequence: "desc" } }) : null;
  const manifest = signManifest(
    {
    exportId: request.exportId,
    format,
    filter,
    range: { from: filter.from?.toISOString() ?? null, to: filter.to?.toISOString() ?? null, headSequence: head.toString() },
    count,
    first,
    last,
    checkpoint: checkpoint && { ...checkpoint, sequence: checkpoint.sequence.toString(), createdAt: checkpoint.createdAt.toISOString() },
    publicKey: { algorithm: "Ed25519", pem: key.publicKeyPem, fingerprint: key.fingerprint },
    sha256: digest.digest("hex"),
    createdAt: new Date().toISOString(),
    },
    key.privateKey,
  );
  await recordAudit(db(), who, { action: "audit.export", outcome: "ok", resourceType: "audit-export", resourceId: request.exportId, after: { filter, count, manifest } });
  return manifest;
}

/** The manifest of a finished export, from its audit event. */
export async function auditExportManifest(exportId: string): Promise<AuditExportManifest> {
  const event = await db().auditEvent.findFirst({ where: { action: "audit.export", outcome: "ok", resourceType: "audit-export", resourceId: exportId } });
  const manifest = (event?.after as { manifest?: AuditExportManifest } | null)?.manifest;
  if (!manifest) throw new NotFoundError("Audit export");
  return manifest;
}
