// Signed checkpoints of the chain's head. A superuser who rewrites events and recomputes every later hash
// leaves a valid-looking chain, but cannot re-sign the checkpoints that covered the old hashes.
import { sign, verify, type KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import type { AuditCheckpoint } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import { signingKey } from "./signing-key";

/** Written right after the append that makes one due (no job needed), in the append's transaction when it has
 * one, when BULKHEAD_AUDIT_CHECKPOINT_EVERY events (default 1000), or an hour, have passed since the last
 * one. A checkpoint signs one event's hash, so it holds even when later events were appended meanwhile (an
 * append of its own commits before its checkpoint is written; two such appends may then both write one).
 * Events after the last checkpoint are protected by the chain only, so these bound what a superuser could
 * rewrite unnoticed. */
const EVERY_MS = 60 * 60 * 1000;

function everyEvents(): bigint {
  const value = process.env.BULKHEAD_AUDIT_CHECKPOINT_EVERY ?? "1000";
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`BULKHEAD_AUDIT_CHECKPOINT_EVERY must be a positive whole number (got ${JSON.stringify(value)})`);
  return BigInt(value);
}

/** The bytes signed: RFC 8785 JSON, so an offline verifier rebuilds them exactly. */
export function checkpointPayload(checkpoint: Omit<AuditCheckpoint, "signature">): Buffer {
  return Buffer.from(
    canonicalize({
      sequence: checkpoint.sequence.toString(),
      headHash: checkpoint.headHash,
      createdAt: checkpoint.createdAt.toISOString(),
      keyFingerprint: checkpoint.keyFingerprint,
    })!,
    "utf8",
  );
}

/** Why the checkpoint's signature does not hold, or null when it does. */
export function checkpointSignatureProblem(checkpoint: AuditCheckpoint, key: { publicKey: KeyObject; fingerprint: string }): string | null {
  if (checkpoint.keyFingerprint !== key.fingerprint) return `signed by another key (${checkpoint.keyFingerprint})`;
  const valid = verify(null, checkpointPayload(checkpoint), key.publicKey, Buffer.from(checkpoint.signature, "base64"));
  return valid ? null : "signature does not verify";
}

/** `last` is the newest checkpoint, read with the head under the append lock. */
export async function checkpointIfDue(tx: Tx, head: { sequence: bigint; hash: string; at: Date }, last: Pick<AuditCheckpoint, "sequence" | "createdAt"> | null): Promise<void> {
  if (last && head.sequence - last.sequence < everyEvents() && head.at.getTime() - last.createdAt.getTime() < EVERY_MS) return;
  const key = await signingKey();
  const unsigned = { sequence: head.sequence, headHash: head.hash, createdAt: head.at, keyFingerprint: key.fingerprint };
  await tx.auditCheckpoint.create({ data: { ...unsigned, signature: sign(null, checkpointPayload(unsigned), key.privateKey).toString("base64") } });
}
