// Offline check of an export file against its manifest (and, when given, its proofs file): no database, only
// the files and the keys. Reads the files as streams, so millions of events are checked in bounded memory.
import { createHash, createPublicKey } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import type { AuditEvent } from "@/server/db/generated/client";
import { eventHash, GENESIS_HASH } from "./chain";
import { checkpointSignatureProblem } from "./legacy-checkpoint";
import { openCheckpoint } from "@/tlog/checkpoint";
import { parseNote, verifierOf, SIGNATURE_TYPE, type NoteVerifier } from "@/tlog/note";
import type { Checkpoint } from "@/tlog/checkpoint";
import { includes, trustedCheckpoint } from "./event-proof-check";
import { EXPORT_PROOFS_FORMAT, type ExportProofLine, type ExportProofsHeader } from "./export-proofs-format";
import { csvCast, EXPORT_COLUMNS, eventFromRecord } from "./export-format";
import { manifestSignatureHolds, manifestText, type AuditExportManifest } from "./export-manifest";
import { publicKeyInfo } from "./signing-key";

export type ExportVerdict = { ok: true; count: number; proved: { treeSize: string; origin: string; cosignedBy: string[] } | null } | { ok: false; problem: string };

/** The proofs part of an export and the keys to trust it with: the log's (default: the manifest's key under the
 * checkpoint's origin) and every witness whose cosignature is required. */
export interface ProofsToCheck {
  path: string;
  logKeys?: NoteVerifier[];
  witnessKeys?: NoteVerifier[];
}

/** The proofs file as a header and one line per event. */
async function* proofLines(path: string): AsyncGenerator<unknown> {
  for await (const line of createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity })) if (line) yield JSON.parse(line) as unknown;
}

async function fileSha256(path: string): Promise<string> {
  const digest = createHash("sha256");
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.digest("hex");
}

async function* records(path: string, format: AuditExportManifest["format"]): AsyncGenerator<Record<string, unknown>> {
  if (format === "ndjson") {
    for await (const line of createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity })) yield JSON.parse(line) as Record<string, unknown>;
    return;
  }
  const parser = createReadStream(path).pipe(parse({ columns: (header: string[]) => {
    if (header.join(",") !== EXPORT_COLUMNS.join(",")) throw new Error("the CSV header is not the export's columns");
    return header;
  }, cast: csvCast }));
  for await (const record of parser) yield record as Record<string, unknown>;
}

/** Why the manifest or its checkpoint cannot be trusted, or null. `pem` overrides the manifest's own key. */
function manifestProblem(manifest: AuditExportManifest, pem: string | undefined): string | null {
  const key = publicKeyInfo(createPublicKey(pem ?? manifest.publicKey.pem));
  if (key.fingerprint !== manifest.publicKey.fingerprint) return "the manifest's public key does not match its fingerprint or the given key";
  if (!manifestSignatureHolds(manifest, key.publicKey)) return "the manifest's signature does not verify";
  const checkpoint = manifest.checkpoint;
  if (!checkpoint) return manifest.count > 0 ? "the manifest has no signed checkpoint" : null;
  if (checkpoint.note) {
    // A C2SP checkpoint: signed by the same key under the log's name (its origin).
    try {
      const origin = parseNote(checkpoint.note).text.split("\n")[0];
      const opened = openCheckpoint(checkpoint.note, [verifierOf(origin, SIGNATURE_TYPE.ed25519, key.publicKey)]);
      return opened.size.toString() === checkpoint.sequence ? null : `checkpoint ${checkpoint.sequence}: its note is for size ${opened.size}`;
    } catch (error) {
      return `checkpoint ${checkpoint.sequence}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const problem = checkpointSignatureProblem({ ...checkpoint, sequence: BigInt(checkpoint.sequence), createdAt: new Date(checkpoint.createdAt) }, [key]);
  return problem && `checkpoint ${checkpoint.sequence}: ${problem}`;
}

/**
 * Accepts when the file's SHA-256, count, first and last event are the manifest's; every event's hash is
 * recomputed from its fields; consecutive events are linked by prevHash (a filtered export skips events, so
 * only neighbours in the trail are compared); and the checkpoint is signed by the key. When the checkpoint's
 * event is in the file, its hash must be the checkpoint's head hash.
 */
export async function verifyAuditExport(filePath: string, manifestFileText: string, pem?: string, proofs?: ProofsToCheck): Promise<ExportVerdict> {
  // A manifest edited into another shape (a field missing, a number where text was) is rejected, not a crash.
  return check(filePath, manifestFileText, pem, proofs).catch((error: unknown) => ({ ok: false, problem: `cannot be checked: ${error instanceof Error ? error.message : String(error)}` }));
}

/** The proofs file's header, checked: for this file, its checkpoint signed by a trusted log key and cosigned by
 * every required witness. */
async function openProofs(proofs: ProofsToCheck, manifest: AuditExportManifest, pem: string | undefined) {
  const lines = proofLines(proofs.path);
  const header = (await lines.next()).value as ExportProofsHeader | undefined;
  if (header?.format !== EXPORT_PROOFS_FORMAT) throw new Error(`the proofs file is not ${EXPORT_PROOFS_FORMAT}`);
  if (header.exportSha256 !== manifest.sha256) throw new Error("the proofs are for another file (their SHA-256 is not the manifest's)");
  const origin = parseNote(header.checkpoint).text.split("\n")[0];
  const logKeys = proofs.logKeys?.length ? proofs.logKeys : [verifierOf(origin, SIGNATURE_TYPE.ed25519, createPublicKey(pem ?? manifest.publicKey.pem))];
  const trusted = trustedCheckpoint(header.checkpoint, logKeys, proofs.witnessKeys ?? []);
  return { lines, ...trusted };
}

async function check(filePath: string, manifestFileText: string, pem: string | undefined, proofs: ProofsToCheck | undefined): Promise<ExportVerdict> {
  const reject = (problem: string): ExportVerdict => ({ ok: false, problem });
  let manifest: AuditExportManifest;
  try {
    manifest = JSON.parse(manifestFileText) as AuditExportManifest;
    if (manifestText(manifest) !== manifestFileText) return reject("the manifest is not in the layout it was written in");
  } catch {
    return reject("the manifest is not JSON");
  }
  if (manifest.format !== "csv" && manifest.format !== "ndjson") return reject(`unknown format ${JSON.stringify(manifest.format)}`);
  if ((await fileSha256(filePath)) !== manifest.sha256) return reject("the file's SHA-256 is not the manifest's");
  const untrusted = manifestProblem(manifest, pem);
  if (untrusted) return reject(untrusted);
  let proved: { lines: AsyncGenerator<unknown>; checkpoint: Checkpoint; cosigned: { witness: string }[] } | null = null;
  if (proofs) {
    try {
      proved = await openProofs(proofs, manifest, pem);
    } catch (error) {
      return reject(`proofs: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let count = 0;
  let previous: AuditEvent | null = null;
  let first: AuditEvent | null = null;
  let checkpointSeen = false;
  try {
    for await (const record of records(filePath, manifest.format)) {
      const event = eventFromRecord(record, manifest.format);
      const at = `event ${event.sequence}`;
      if (previous && event.sequence <= previous.sequence) return reject(`${at} is out of order`);
      if (event.hash === null || event.prevHash === null) {
        if (previous?.hash) return reject(`${at} is unchained although earlier events are chained`);
      } else {
        if (eventHash(event) !== event.hash) return reject(`${at}: its content does not match its hash`);
        const linked = previous && previous.sequence + 1n === event.sequence ? previous.hash ?? GENESIS_HASH : event.sequence === 1n ? GENESIS_HASH : null;
        if (linked !== null && event.prevHash !== linked) return reject(`${at} is not linked to the event before it`);
      }
      if (manifest.checkpoint && event.sequence.toString() === manifest.checkpoint.sequence) {
        if (event.hash !== manifest.checkpoint.headHash) return reject(`${at} is not the head signed by checkpoint ${manifest.checkpoint.sequence}`);
        checkpointSeen = true;
      }
      if (proved) {
        const line = (await proved.lines.next()).value as ExportProofLine | undefined;
        if (line?.sequence !== event.sequence.toString()) return reject(`${at} has no proof in the proofs file (found ${line ? `event ${line.sequence}'s` : "none"})`);
        if (!event.hash || !includes(proved.checkpoint, event.sequence - 1n, event.hash, line.proof)) return reject(`${at}: its inclusion proof does not lead to the root of checkpoint ${proved.checkpoint.size}`);
      }
      first ??= event;
      previous = event;
      count++;
    }
  } catch (error) {
    return reject(`the file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (count !== manifest.count) return reject(`the file has ${count} events, the manifest says ${manifest.count}`);
  // Field by field: the manifest file is canonical JSON, so its keys need not be in our order.
  const sameEnd = (event: AuditEvent | null, end: { sequence: string; hash: string | null } | null) =>
    event === null || end === null ? event === end : event.sequence.toString() === end.sequence && event.hash === end.hash;
  if (!sameEnd(first, manifest.first)) return reject("the first event is not the manifest's");
  if (!sameEnd(previous, manifest.last)) return reject("the last event is not the manifest's");
  // An unfiltered export always holds its checkpoint's event; a filtered one may not, and then only the signature is checked.
  const unfiltered = Object.values(manifest.filter).every((value) => value === undefined || value === null);
  if (manifest.checkpoint && unfiltered && !checkpointSeen) return reject(`the event of checkpoint ${manifest.checkpoint.sequence} is missing`);
  if (proved && !(await proved.lines.next()).done) return reject("the proofs file holds proofs of events the file does not");
  return { ok: true, count, proved: proved && { treeSize: proved.checkpoint.size.toString(), origin: proved.checkpoint.origin, cosignedBy: proved.cosigned.map((c) => c.witness) } };
}
