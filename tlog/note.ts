// C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys: text, a blank line, then lines
// "— <key name> base64(key ID ‖ signature)". Key IDs are SHA-256(name ‖ "\n" ‖ type ‖ public key)[:4];
// verifier keys ("vkeys") are "<name>+<key ID, 8 hex digits>+base64(type ‖ public key)".
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** Signature types of the signed-note spec: a signer's own signature, and a witness's timestamped cosignature. */
export const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04 } as const;
export type SignatureType = (typeof SIGNATURE_TYPE)[keyof typeof SIGNATURE_TYPE];

export interface NoteVerifier {
  name: string;
  type: SignatureType;
  /** 4 bytes. */
  keyId: Buffer;
  /** The raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  key: KeyObject;
}

export interface NoteSigner extends NoteVerifier {
  privateKey: KeyObject;
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  /** What follows the key ID: the signature (64 bytes), or a timestamp and the signature for cosignatures. */
  signature: Buffer;
  line: string;
}

const NAME = /^[^\s+\u2014]+$/u;

export function keyId(name: string, type: SignatureType, publicKey: Buffer): Buffer {
  return createHash("sha256").update(name, "utf8").update(Buffer.from([0x0a, type])).update(publicKey).digest().subarray(0, 4);
}

/** The raw 32 bytes of an Ed25519 public key (RFC 8032's encoding). */
export function rawEd25519(key: KeyObject): Buffer {
  const spki = key.export({ type: "spki", format: "der" });
  return Buffer.from(spki.subarray(spki.length - 32));
}

function ed25519FromRaw(raw: Buffer): KeyObject {
  // SPKI DER of an Ed25519 key: a fixed 12-byte header, then the 32 bytes.
  return createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]), format: "der", type: "spki" });
}

export function verifierOf(name: string, type: SignatureType, publicKey: KeyObject): NoteVerifier {
  if (!NAME.test(name)) throw new Error(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
  if (publicKey.asymmetricKeyType !== "ed25519") throw new Error("note keys are Ed25519");
  const raw = rawEd25519(publicKey);
  return { name, type, keyId: keyId(name, type, raw), publicKey: raw, key: publicKey };
}

export function signerOf(name: string, type: SignatureType, privateKeyPem: string | KeyObject): NoteSigner {
  const privateKey = typeof privateKeyPem === "string" ? createPrivateKey(privateKeyPem) : privateKeyPem;
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`the key of ${name} must be an Ed25519 private key (PKCS#8 PEM)`);
  return { ...verifierOf(name, type, createPublicKey(privateKey)), privateKey };
}

/** "<name>+<key ID hex>+base64(type ‖ key)". */
export function vkey(verifier: NoteVerifier): string {
  return `${verifier.name}+${verifier.keyId.toString("hex")}+${Buffer.concat([Buffer.from([verifier.type]), verifier.publicKey]).toString("base64")}`;
}

/** Parses a vkey; throws naming what is wrong with it. */
export function parseVkey(text: string): NoteVerifier {
  // The base64 of the key may itself hold "+": the name ends at the first one, the key id is 8 hex digits.
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (!match) throw new Error(`a verifier key is "<name>+<key id>+<key>" (got ${JSON.stringify(text.slice(0, 80))})`);
  const [, name, id, encoded] = match;
  const data = Buffer.from(encoded, "base64");
  if (data.length !== 33 || data.toString("base64") !== encoded) throw new Error(`verifier key ${name}: the key is not one type byte and 32 bytes of base64`);
  const type = data[0] as SignatureType;
  if (type !== SIGNATURE_TYPE.ed25519 && type !== SIGNATURE_TYPE.cosignatureV1) throw new Error(`verifier key ${name}: signature type ${type} is not supported`);
  const verifier = verifierOf(name, type, ed25519FromRaw(data.subarray(1)));
  if (verifier.keyId.toString("hex") !== id) throw new Error(`verifier key ${name}: key id ${id} does not match the key`);
  return verifier;
}

/** The text of a note (ending in a newline) signed by `signer`: its signature line. */
export function signatureLine(text: string, signer: NoteSigner, signed: Buffer = Buffer.from(text, "utf8"), prefix: Buffer = Buffer.alloc(0)): string {
  const signature = sign(null, signed, signer.privateKey);
  return `— ${signer.name} ${Buffer.concat([signer.keyId, prefix, signature]).toString("base64")}\n`;
}

/** Text, blank line, signatures. */
export function signNote(text: string, signer: NoteSigner): string {
  assertNoteText(text);
  return `${text}\n${signatureLine(text, signer)}`;
}

function assertNoteText(text: string) {
  if (!text.endsWith("\n")) throw new Error("a note's text ends with a newline");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new Error("a note holds no control characters but newlines");
}

/** Splits a signed note into its text and signature lines; throws when it is not one. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = note.lastIndexOf("\n\n");
  if (split === -1 || !note.endsWith("\n")) throw new Error("not a signed note: no blank line before the signatures, or no final newline");
  const text = note.slice(0, split + 1);
  assertNoteText(text);
  const lines = note.slice(split + 2, -1).split("\n");
  const signatures = lines.map((line) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    const data = match ? Buffer.from(match[2], "base64") : null;
    if (!match || !data || data.length < 5) throw new Error(`not a signature line: ${JSON.stringify(line.slice(0, 120))}`);
    return { name: match[1], keyId: data.subarray(0, 4), signature: data.subarray(4), line: `${line}\n` };
  });
  if (!signatures.length) throw new Error("a signed note has at least one signature");
  return { text, signatures };
}

export const signedBy = (signature: NoteSignature, verifier: NoteVerifier) => signature.name === verifier.name && signature.keyId.equals(verifier.keyId);

/** Whether the note carries a valid signature of `verifier` (type 0x01: Ed25519 over the text). */
export function hasValidSignature(note: { text: string; signatures: NoteSignature[] }, verifier: NoteVerifier): boolean {
  return note.signatures.some((signature) => signedBy(signature, verifier) && signature.signature.length === 64 && verify(null, Buffer.from(note.text, "utf8"), verifier.key, signature.signature));
}
