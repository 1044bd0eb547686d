// Checkpoints written before the Merkle tree: an Ed25519 signature over the chain's head alone (sequence, head
// hash, time, key fingerprint as RFC 8785 JSON). None are written any more (the checkpointer writes C2SP
// checkpoints, checkpointer.ts); installations that have them still verify them, and exports made then
// still carry one.
import { verify, type KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import type { AuditCheckpoint } from "@/server/db/generated/client";

/** The bytes signed: RFC 8785 JSON, so an offline verifier rebuilds them exactly. */
export function checkpointPayload(checkpoint: Pick<AuditCheckpoint, "sequence" | "headHash" | "createdAt" | "keyFingerprint">): Buffer {
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

/** Why the checkpoint's signature does not hold, or null when it does. `keys` are the installation's keys,
 * found by the fingerprint the checkpoint names. */
export function checkpointSignatureProblem(
  checkpoint: Pick<AuditCheckpoint, "sequence" | "headHash" | "createdAt" | "keyFingerprint" | "signature">,
  keys: { publicKey: KeyObject; fingerprint: string }[],
): string | null {
  const key = keys.find((candidate) => candidate.fingerprint === checkpoint.keyFingerprint);
  if (!key) return `signed by an unknown key (${checkpoint.keyFingerprint})`;
  const valid = verify(null, checkpointPayload(checkpoint), key.publicKey, Buffer.from(checkpoint.signature, "base64"));
  return valid ? null : "signature does not verify";
}
