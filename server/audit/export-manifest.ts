// The manifest of an export, signed with the audit signing key: the checkpoint vouches for the events, this
// signature for the manifest itself (filter, range, count, file hash), so no field of it can be edited.
import { sign, verify, type KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import type { AuditCheckpoint } from "@/server/db/generated/client";
import type { ExportFormat } from "./export-format";
import type { AuditFilter } from "./list";

/** The filters of audit.list without its paging, with the people `actor` named resolved (list.ts). */
export type AuditExportFilter = AuditFilter;

export interface AuditExportManifest {
  exportId: string;
  format: ExportFormat;
  filter: AuditExportFilter;
  /** Events up to headSequence were considered: the head when the export started. */
  range: { from: string | null; to: string | null; headSequence: string };
  count: number;
  first: { sequence: string; hash: string | null } | null;
  last: { sequence: string; hash: string | null } | null;
  /** The newest signed checkpoint at or before headSequence (a C2SP checkpoint carries its `note`). */
  checkpoint: (Omit<AuditCheckpoint, "sequence" | "createdAt"> & { sequence: string; createdAt: string }) | null;
  publicKey: { algorithm: "Ed25519"; pem: string; fingerprint: string };
  sha256: string;
  createdAt: string;
  /** Ed25519 over the RFC 8785 JSON of every other field, base64. */
  signature: string;
}

/** The bytes signed; dates in the filter count as their ISO text, as in the file. */
function payload(manifest: Omit<AuditExportManifest, "signature">): Buffer {
  const { signature: _signature, ...fields } = JSON.parse(JSON.stringify(manifest)) as AuditExportManifest;
  return Buffer.from(canonicalize(fields)!, "utf8");
}

export function signManifest(manifest: Omit<AuditExportManifest, "signature">, privateKey: KeyObject): AuditExportManifest {
  return { ...manifest, signature: sign(null, payload(manifest), privateKey).toString("base64") };
}

export function manifestSignatureHolds(manifest: AuditExportManifest, publicKey: KeyObject): boolean {
  return typeof manifest.signature === "string" && verify(null, payload(manifest), publicKey, Buffer.from(manifest.signature, "base64"));
}

/** The manifest file's one layout, so that even a byte of white space changed is noticed. */
export function manifestText(manifest: AuditExportManifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}
