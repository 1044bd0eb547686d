// Streams the events matching an audit.list filter as CSV or NDJSON, oldest first, with a manifest that lets
// anyone check the file offline (scripts/audit-verify-export.ts). The export is itself audited; its manifest
// is kept in that audit event's `after`, so it is fetched later from the trail itself and cannot be edited.
import { createHash } from "node:crypto";
import { db } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { copyOut } from "@/server/db/copy-out";
import { CSV_HEADER, exportCopySql, type ExportFormat } from "./export-format";
import { filterCondition, filterWhere, resolveFilter } from "./list";
import { recordAudit } from "./record";
import { signManifest, type AuditExportFilter, type AuditExportManifest } from "./export-manifest";
import type { AuditListInput } from "./schemas";
import { signingKey } from "./signing-key";

export interface AuditExportRequest {
  exportId: string;
  format: ExportFormat;
  filter: AuditExportFilter;
  who: { actor: Actor; meta: RequestMeta };
  /** Rows written so far, as chunks arrive: counted by line ends, so a line break inside a quoted CSV value
   * counts too until the last call, which gives the exact count. */
  onProgress?: (rows: number) => void;
}

/** Drops paging fields so the recorded filter is exactly what was exported. */
export function exportFilter({ cursor: _cursor, limit: _limit, ...filter }: Partial<AuditListInput> & AuditExportFilter): AuditExportFilter {
  return filter;
}

/**
 * The file's bytes as Postgres' COPY writes them, up to the head when it started, streamed: a slow consumer
 * holds the COPY back instead of filling memory. The manifest is the generator's return value. Records audit.export ok when the last byte is produced, failed
 * when reading breaks. A consumer that stops early (client gone) records nothing: no file was delivered.
 */
export async function* exportAuditEvents(request: AuditExportRequest): AsyncGenerator<Buffer, AuditExportManifest> {
  const { format, who } = request;
  // Who `actor` names is settled now and kept in the manifest, so the proofs part selects these same events.
  const filter = await resolveFilter(request.filter);
  const digest = createHash("sha256");
  let count = 0;
  let first: AuditExportManifest["first"] = null;
  let last: AuditExportManifest["last"] = null;
  let head = 0n;
  try {
    head = (await db().auditEvent.aggregate({ _max: { sequence: true } }))._max.sequence ?? 0n;
    if (format === "csv") {
      const header = Buffer.from(CSV_HEADER, "utf8");
      digest.update(header);
      yield header;
    }
    const condition = filterCondition(filter);
    const lines = copyOut(exportCopySql(format, `${condition.sql} AND "sequence" <= ${head}`), condition.settings);
    let lineEnds = 0;
    for (let next = await lines.next(); ; next = await lines.next()) {
      if (next.done) {
        count = next.value;
        break;
      }
      digest.update(next.value);
      for (let at = next.value.indexOf(10); at !== -1; at = next.value.indexOf(10, at + 1)) lineEnds++;
      yield next.value;
      request.onProgress?.(lineEnds);
    }
    request.onProgress?.(count);
    if (count > 0) {
      // The file's ends, for the manifest: the rows up to the head are immutable, so these are the COPY's.
      const where = { ...filterWhere(filter), sequence: { lte: head } };
      const select = { sequence: true, hash: true } as const;
      const [oldest, newest] = await Promise.all([
        db().auditEvent.findFirstOrThrow({ where, select, orderBy: { sequence: "asc" } }),
        db().auditEvent.findFirstOrThrow({ where, select, orderBy: { sequence: "desc" } }),
      ]);
      first = { sequence: oldest.sequence.toString(), hash: oldest.hash };
      last = { sequence: newest.sequence.toString(), hash: newest.hash };
    }
  } catch (error) {
    await recordAudit(db(), who, { action: "audit.export", outcome: "failed", resourceType: "audit-export", resourceId: request.exportId, after: { filter, format, count }, reason: "reading the trail failed" });
    throw error;
  }
  const key = await signingKey();
  // The newest checkpoint within what the export considered: of an unfiltered export, its event is in the file.
  const checkpoint = last ? await db().auditCheckpoint.findFirst({ where: { sequence: { lte: head } }, orderBy: { sequence: "desc" } }) : null;
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
