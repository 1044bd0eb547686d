// Offline check of an event's inclusion proof (event-proof.ts), with no database: the event's hash recomputed
// from its fields, its leaf proved into the checkpoint's root, the checkpoint signed by a log key the auditor
// trusts and cosigned by every witness key they give. Also used line by line for an export's proofs.
import { cosignedAt, openCheckpoint, type Checkpoint } from "@/tlog/checkpoint";
import type { NoteVerifier } from "@/tlog/note";
import { leafHash } from "@/tlog/rfc9162";
import { verifyInclusion } from "@/tlog/verify";
import { eventHash } from "./chain";
import { eventFromRecord } from "./export-format";
import { EVENT_PROOF_FORMAT, type EventProofBundle } from "./event-proof-format";

export type ProofVerdict = { ok: true; sequence: string; checkpoint: Checkpoint; cosigned: { witness: string; at: Date }[] } | { ok: false; problem: string };

/** The checkpoint, once a trusted log key signed it and every given witness cosigned it. */
export function trustedCheckpoint(note: string, logKeys: NoteVerifier[], witnessKeys: NoteVerifier[]): { checkpoint: Checkpoint; cosigned: { witness: string; at: Date }[] } {
  const checkpoint = openCheckpoint(note, logKeys);
  const cosigned = witnessKeys.map((witness) => {
    const at = cosignedAt(note, witness);
    if (!at) throw new Error(`the checkpoint carries no valid cosignature of witness ${witness.name}`);
    return { witness: witness.name, at };
  });
  return { checkpoint, cosigned };
}

/** Whether `proof` (base64 hashes) puts the event with chain hash `hash` at `leafIndex` of the checkpoint's tree. */
export function includes(checkpoint: Checkpoint, leafIndex: bigint, hash: string, proof: string[]): boolean {
  return verifyInclusion(leafIndex, checkpoint.size, leafHash(Buffer.from(hash, "hex")), proof.map((p) => Buffer.from(p, "base64")), checkpoint.root);
}

export function checkEventProof(bundle: EventProofBundle, logKeys: NoteVerifier[], witnessKeys: NoteVerifier[]): ProofVerdict {
  const reject = (problem: string): ProofVerdict => ({ ok: false, problem });
  try {
    if (bundle.format !== EVENT_PROOF_FORMAT) return reject(`not a ${EVENT_PROOF_FORMAT} file`);
    const event = eventFromRecord(bundle.event, "ndjson");
    if (eventHash(event) !== event.hash) return reject(`event ${event.sequence}: its content does not match its hash`);
    if (BigInt(bundle.leafIndex) !== event.sequence - 1n) return reject(`event ${event.sequence} is leaf ${event.sequence - 1n}, not ${bundle.leafIndex}`);
    let trusted: ReturnType<typeof trustedCheckpoint>;
    try {
      trusted = trustedCheckpoint(bundle.checkpoint, logKeys, witnessKeys);
    } catch (error) {
      return reject(error instanceof Error ? error.message : String(error));
    }
    if (trusted.checkpoint.size.toString() !== bundle.treeSize) return reject(`the proof is for a tree of ${bundle.treeSize}, the checkpoint is of ${trusted.checkpoint.size}`);
    if (!includes(trusted.checkpoint, event.sequence - 1n, event.hash!, bundle.inclusionProof)) {
      return reject(`the inclusion proof does not lead from event ${event.sequence} to the checkpoint's root`);
    }
    return { ok: true, sequence: event.sequence.toString(), ...trusted };
  } catch (error) {
    return reject(`cannot be checked: ${error instanceof Error ? error.message : String(error)}`);
  }
}
