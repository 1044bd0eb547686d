// One event's inclusion proof, for a compliance officer to hand to an outside auditor: the event as the export
// writes it (every hashed field), its RFC 9162 inclusion proof in the tree of the newest witnessed checkpoint,
// and that checkpoint's signed note with the witnesses' cosignatures. `npm run audit:verify-proof` checks it
// offline (event-proof-check.ts).
import { db } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import { checkpointSeconds } from "./checkpointer";
import { EVENT_PROOF_FORMAT, eventRecord, type EventProofBundle } from "./event-proof-format";
import { registeredKeys } from "./log-keys";
import { inclusionProof } from "./tree-proofs";
import { latestWitnessedCheckpoint } from "./witnessed-checkpoint";

export type EventProof = { status: "ready"; bundle: EventProofBundle } | { status: "pending"; reason: string };

export async function eventProof(sequence: bigint): Promise<EventProof> {
  const event = await db().auditEvent.findUnique({ where: { sequence } });
  if (!event) throw new NotFoundError("Audit event");
  const checkpoint = await latestWitnessedCheckpoint(db(), sequence);
  if (!checkpoint) {
    return { status: "pending", reason: `Event #${sequence} is not yet covered by a witnessed checkpoint; the checkpointer makes one within ${checkpointSeconds()} seconds of new events.` };
  }
  const proof = await inclusionProof(db(), Number(sequence - 1n), Number(checkpoint.size));
  const keys = await registeredKeys(db());
  return {
    status: "ready",
    bundle: {
      format: EVENT_PROOF_FORMAT,
      event: eventRecord(event),
      leafIndex: (sequence - 1n).toString(),
      treeSize: checkpoint.size.toString(),
      inclusionProof: proof.map((hash) => hash.toString("base64")),
      checkpoint: checkpoint.note,
      witnesses: checkpoint.witnesses,
      logKeys: keys.map((key) => key.vkey),
    },
  };
}
