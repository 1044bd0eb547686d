// The checkpoint proofs are made against: the newest one that every configured witness has taken (the
// directory wrote it, the witness process cosigned it), with the witness's cosignature appended to the note, so
// one file carries everything an outside auditor checks. Without any witness configured, the newest signed one.
import type { PrismaClient } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import { witnessConfig, witnessNames } from "./witness-config";

export interface ProofCheckpoint {
  size: bigint;
  /** The signed note with every witness cosignature line after the log's signature. */
  note: string;
  /** Witnesses that hold it; empty when none is configured. */
  witnesses: string[];
}

/** The newest checkpoint covering at least `minSize` events that every configured witness took; null if none yet. */
export async function latestWitnessedCheckpoint(client: PrismaClient | Tx, minSize = 1n): Promise<ProofCheckpoint | null> {
  const names = witnessNames(witnessConfig());
  const [newest] = await client.$queryRaw<{ sequence: bigint }[]>`
    SELECT c."sequence" FROM "AuditCheckpoint" AS c
    WHERE c."note" IS NOT NULL AND c."sequence" >= ${minSize}
      AND (SELECT count(*) FROM "AuditCheckpointWitness" AS w WHERE w."sequence" = c."sequence" AND w."witness" = ANY(${names}::text[])) = ${names.length}
    ORDER BY c."sequence" DESC LIMIT 1`;
  if (!newest) return null;
  const checkpoint = await client.auditCheckpoint.findUniqueOrThrow({ where: { sequence: newest.sequence }, select: { note: true } });
  const taken = await client.auditCheckpointWitness.findMany({ where: { sequence: newest.sequence, witness: { in: names } }, orderBy: { witness: "asc" } });
  const cosignatures = taken.flatMap((row) => (row.cosignature ? [row.cosignature] : [])).join("");
  return { size: newest.sequence, note: checkpoint.note! + cosignatures, witnesses: names };
}
