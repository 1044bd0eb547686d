// The proofs part of an export as a file (export-proofs.ts writes it, export-offline-check.ts reads it).

export const EXPORT_PROOFS_FORMAT = "bulkhead-audit-export-proofs/v1";

export interface ExportProofsHeader {
  format: typeof EXPORT_PROOFS_FORMAT;
  exportId: string;
  /** The export file's SHA-256 from its manifest: these proofs are for that file. */
  exportSha256: string;
  treeSize: string;
  checkpoint: string;
  witnesses: string[];
}

export interface ExportProofLine {
  sequence: string;
  leafIndex: string;
  proof: string[];
}
