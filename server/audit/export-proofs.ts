// The third part of an export: for each exported event, its RFC 9162 inclusion proof in the tree of one named
// witnessed checkpoint (the newest that covers the export's last event), so even a filtered export shows that
// each of its events belongs to the log. NDJSON: a header line with the checkpoint (signed note and
// cosignatures), then one line per event in the file's order. Made on request, any time after the export, from
// the rows the export's filter selected up to its head (immutable), in pages of 1,000: bounded memory.
import { db } from "@/server/db/client";
import { ConflictError } from "@/server/errors";
import { checkpointSeconds } from "./checkpointer";
import { auditExportManifest } from "./export";
import { filterWhere, type AuditFilter } from "./list";
import { inclusionProofs } from "./tree-proofs";
import { EXPORT_PROOFS_FORMAT, type ExportProofLine, type ExportProofsHeader } from "./export-proofs-format";
import { latestWitnessedCheckpoint } from "./witnessed-checkpoint";

const PAGE = 1000;

/** The export's proofs; a ConflictError until a witnessed checkpoint covers its last event. */
export async function openExportProofs(exportId: string): Promise<{ header: ExportProofsHeader; lines: AsyncGenerator<ExportProofLine> }> {
  const manifest = await auditExportManifest(exportId);
  const last = BigInt(manifest.last?.sequence ?? "0");
  const checkpoint = await latestWitnessedCheckpoint(db(), last > 0n ? last : 1n);
  if (!checkpoint) {
    throw new ConflictError(`The export's last event (#${last}) is not yet covered by a witnessed checkpoint; the checkpointer makes one within ${checkpointSeconds()} seconds: try again then`);
  }
  const header: ExportProofsHeader = { format: EXPORT_PROOFS_FORMAT, exportId, exportSha256: manifest.sha256, treeSize: checkpoint.size.toString(), checkpoint: checkpoint.note, witnesses: checkpoint.witnesses };
  // The manifest keeps the filter as JSON: its times are ISO text again.
  const filter: AuditFilter = { ...manifest.filter, from: manifest.filter.from && new Date(manifest.filter.from), to: manifest.filter.to && new Date(manifest.filter.to) };
  const head = BigInt(manifest.range.headSequence);
  async function* lines(): AsyncGenerator<ExportProofLine> {
    let after = 0n;
    for (;;) {
      const page = await db().auditEvent.findMany({ where: { ...filterWhere(filter), sequence: { gt: after, lte: head } }, select: { sequence: true }, orderBy: { sequence: "asc" }, take: PAGE });
      if (!page.length) return;
      const proofs = await inclusionProofs(db(), page.map((event) => Number(event.sequence - 1n)), Number(checkpoint!.size));
      for (const [i, event] of page.entries()) yield { sequence: event.sequence.toString(), leafIndex: (event.sequence - 1n).toString(), proof: proofs[i].map((hash) => hash.toString("base64")) };
      after = page[page.length - 1].sequence;
    }
  }
  return { header, lines: lines() };
}
