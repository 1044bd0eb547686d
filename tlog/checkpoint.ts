// C2SP tlog-checkpoint: a signed note whose text is the origin, the tree size and the base64 root hash, one
// per line; and C2SP tlog-cosignature/v1: a witness's timestamped Ed25519 signature over
// "cosignature/v1\ntime <seconds>\n" followed by the checkpoint's text.
import { verify } from "node:crypto";
import { hasValidSignature, parseNote, signatureLine, signNote, signedBy, type NoteSigner, type NoteVerifier } from "./note";

export interface Checkpoint {
  origin: string;
  size: bigint;
  root: Buffer;
}

export function checkpointText(checkpoint: Checkpoint): string {
  if (checkpoint.root.length !== 32) throw new Error("a root hash is 32 bytes");
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.root.toString("base64")}\n`;
}

/** The checkpoint a note's text states; throws naming the line that is wrong. */
export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split("\n");
  if (lines.length < 4 || lines.at(-1) !== "") throw new Error("a checkpoint has an origin, a size and a root hash line");
  const [origin, size, root] = lines;
  if (!origin || /\s|\+/.test(origin)) throw new Error("the checkpoint's origin line is empty or holds spaces or +");
  if (!/^(0|[1-9]\d*)$/.test(size)) throw new Error(`the checkpoint's size line is not a number: ${JSON.stringify(size)}`);
  const hash = Buffer.from(root, "base64");
  if (hash.length !== 32 || hash.toString("base64") !== root) throw new Error("the checkpoint's root line is not a base64 SHA-256 hash");
  return { origin, size: BigInt(size), root: hash };
}

export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  return signNote(checkpointText(checkpoint), signer);
}

/** The checkpoint of a signed note, once one of `verifiers` (the log's keys) has signed it; throws otherwise. */
export function openCheckpoint(note: string, verifiers: NoteVerifier[]): Checkpoint & { text: string } {
  const parsed = parseNote(note);
  if (!verifiers.some((verifier) => hasValidSignature(parsed, verifier))) throw new Error("the checkpoint carries no valid signature of a known log key");
  return { ...parseCheckpointText(parsed.text), text: parsed.text };
}

const cosignedMessage = (timestamp: bigint, text: string) => Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, "utf8");

/** A witness's cosignature line on a checkpoint's text. */
export function cosign(text: string, witness: NoteSigner, at: Date = new Date()): string {
  const timestamp = BigInt(Math.floor(at.getTime() / 1000));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64BE(timestamp);
  return signatureLine(text, witness, cosignedMessage(timestamp, text), prefix);
}

/** When `witness` cosigned the note, or null when it carries no valid cosignature of that witness. */
export function cosignedAt(note: string, witness: NoteVerifier): Date | null {
  const parsed = parseNote(note);
  for (const signature of parsed.signatures) {
    if (!signedBy(signature, witness) || signature.signature.length !== 72) continue;
    const timestamp = signature.signature.readBigUInt64BE(0);
    if (verify(null, cosignedMessage(timestamp, parsed.text), witness.key, signature.signature.subarray(8))) return new Date(Number(timestamp) * 1000);
  }
  return null;
}
