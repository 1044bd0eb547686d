// Where checkpoints are witnessed outside the database: an append-only directory (BULKHEAD_AUDIT_WITNESS_DIR)
// and a witness process (BULKHEAD_AUDIT_WITNESS_URL, whose cosignatures are checked with
// BULKHEAD_AUDIT_WITNESS_KEY, its verifier key as `npm run witness` prints it). Read on every use, so a
// verifier run with other settings (scripts/audit-verify.ts flags) sees its own.
import path from "node:path";
import { parseVkey, SIGNATURE_TYPE, type NoteVerifier } from "@/tlog/note";
import { environment } from "@/server/config/env";

export interface WitnessConfig {
  directory: string | null;
  process: { url: string; verifier: NoteVerifier } | null;
}

export const DIRECTORY_WITNESS = "directory";

export function witnessConfig(env: Record<string, string | undefined> = environment()): WitnessConfig {
  const directory = env.BULKHEAD_AUDIT_WITNESS_DIR?.trim() ? path.resolve(env.BULKHEAD_AUDIT_WITNESS_DIR.trim()) : null;
  const url = env.BULKHEAD_AUDIT_WITNESS_URL?.trim();
  const key = env.BULKHEAD_AUDIT_WITNESS_KEY?.trim();
  if (url && !key) throw new Error("BULKHEAD_AUDIT_WITNESS_URL needs BULKHEAD_AUDIT_WITNESS_KEY: the witness's verifier key, as `npm run witness` prints it");
  if (key && !url) throw new Error("BULKHEAD_AUDIT_WITNESS_KEY needs BULKHEAD_AUDIT_WITNESS_URL: where the witness listens");
  if (!url || !key) return { directory, process: null };
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new Error(`BULKHEAD_AUDIT_WITNESS_URL must be an http(s) URL (got ${JSON.stringify(url)})`);
  let verifier: NoteVerifier;
  try {
    verifier = parseVkey(key);
  } catch (error) {
    throw new Error(`BULKHEAD_AUDIT_WITNESS_KEY: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (verifier.type !== SIGNATURE_TYPE.cosignatureV1) throw new Error("BULKHEAD_AUDIT_WITNESS_KEY must be a cosignature key (type 0x04), as `npm run witness` prints it");
  return { directory, process: { url: url.replace(/\/+$/, ""), verifier } };
}

/** The names recorded in AuditCheckpointWitness for every configured witness. */
export function witnessNames(config: WitnessConfig): string[] {
  return [...(config.directory ? [DIRECTORY_WITNESS] : []), ...(config.process ? [config.process.verifier.name] : [])];
}
