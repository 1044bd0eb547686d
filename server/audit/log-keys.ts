// The trail as a transparency log: its origin (the first line of every checkpoint, and the name of its keys),
// the note signer made from BULKHEAD_AUDIT_SIGNING_KEY, and the registry of every key that has signed, each
// with the tree sizes it signs (key rotation: a new key signs from the size it was first used at).
import { createPublicKey } from "node:crypto";
import type { AuditSigningKey, PrismaClient } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import { parseVkey, signerOf, SIGNATURE_TYPE, vkey, type NoteSigner, type NoteVerifier } from "@/tlog/note";
import { configuredSigningKey, publicKeyInfo, signingKey } from "./signing-key";
import { setting } from "@/server/config/env";

/** "<installation>/audit". BULKHEAD_INSTALLATION names the installation (default: the host of
 * BULKHEAD_PUBLIC_URL, else "localhost"); it is in every checkpoint, so set it once. */
export function auditOrigin(): string {
  const configured = setting("BULKHEAD_INSTALLATION")?.trim();
  const publicUrl = setting("BULKHEAD_PUBLIC_URL");
  const name = configured || (publicUrl ? new URL(publicUrl).hostname : "localhost");
  if (!/^[^\s+]+$/.test(name)) throw new Error(`BULKHEAD_INSTALLATION must be a name without spaces or "+" (got ${JSON.stringify(name)})`);
  return `${name}/audit`;
}

export interface LogSigner extends NoteSigner {
  fingerprint: string;
  publicKeyPem: string;
}

/** The current signing key as a note signer named after the origin. */
export async function checkpointSigner(): Promise<LogSigner> {
  const key = await signingKey();
  return { ...signerOf(auditOrigin(), SIGNATURE_TYPE.ed25519, key.privateKey), fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem };
}

/** A registered key and the sizes it signs: [fromSize, toSize), toSize null for the current one. */
export interface KeyRange {
  fingerprint: string;
  vkey: string;
  publicKeyPem: string;
  fromSize: bigint;
  toSize: bigint | null;
  verifier: NoteVerifier;
}

export function keyRanges(rows: AuditSigningKey[]): KeyRange[] {
  const sorted = [...rows].sort((a, b) => (a.fromSize < b.fromSize ? -1 : 1));
  return sorted.map((row, i) => ({
    fingerprint: row.fingerprint,
    vkey: row.vkey,
    publicKeyPem: row.publicKeyPem,
    fromSize: row.fromSize,
    toSize: sorted[i + 1]?.fromSize ?? null,
    verifier: parseVkey(row.vkey),
  }));
}

export async function registeredKeys(client: PrismaClient | Tx): Promise<KeyRange[]> {
  return keyRanges(await client.auditSigningKey.findMany());
}

/** The key that must have signed the checkpoint of `size`. */
export function keyForSize(keys: KeyRange[], size: bigint): KeyRange | null {
  return keys.find((key) => key.fromSize <= size && (key.toSize === null || size < key.toSize)) ?? null;
}

/** Public keys for verifying legacy head signatures (legacy-checkpoint.ts): every registered key, and the
 * configured one (an installation that has not signed a C2SP checkpoint yet has registered none). */
export async function legacyVerifierKeys(client: PrismaClient | Tx): Promise<{ publicKey: ReturnType<typeof createPublicKey>; fingerprint: string }[]> {
  const rows = await client.auditSigningKey.findMany({ select: { publicKeyPem: true } });
  const current = await configuredSigningKey();
  return [...rows.map((row) => row.publicKeyPem), ...(current ? [current.publicKeyPem] : [])].map((pem) => publicKeyInfo(createPublicKey(pem)));
}

/**
 * Before signing the checkpoint of `size` (in the checkpointer's transaction): the signer must be the newest
 * registered key, or becomes it from this size on. A key that was replaced may not sign again: its range is
 * closed, and reopening it would make two keys valid for the same sizes.
 */
export async function registerSigner(tx: Tx, signer: LogSigner, size: bigint): Promise<void> {
  const keys = await registeredKeys(tx);
  const newest = keys.at(-1);
  if (newest?.fingerprint === signer.fingerprint) return;
  const retired = keys.find((key) => key.fingerprint === signer.fingerprint);
  if (retired) {
    throw new Error(`BULKHEAD_AUDIT_SIGNING_KEY is a retired key (it signed tree sizes ${retired.fromSize}–${(retired.toSize ?? 1n) - 1n}); configure a new key`);
  }
  await tx.auditSigningKey.create({ data: { fingerprint: signer.fingerprint, vkey: vkey(signer), publicKeyPem: signer.publicKeyPem, fromSize: size } });
}
