// The checkpointer: every BULKHEAD_AUDIT_CHECKPOINT_SECONDS (default 60) while there are new events, it grows
// the Merkle tree over them (tree-store.ts), signs a C2SP checkpoint of the new size with the installation's
// key, and hands every checkpoint to the witnesses outside the database: the append-only directory and the
// witness process. Each step is its own transaction or file and is safe to repeat, so a crash or an
// unreachable witness loses nothing: the next run picks up what is not done (a checkpoint not yet witnessed is
// retried until it is). Appends never wait for any of it.
import type { AuditCheckpoint, PrismaClient } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { cosignedAt, parseCheckpointText, signCheckpoint } from "@/tlog/checkpoint";
import { parseNote } from "@/tlog/note";
import { verifyConsistency } from "@/tlog/verify";
import { eventHash } from "./chain";
import { auditOrigin, checkpointSigner, registerSigner } from "./log-keys";
import { consistencyProof } from "./tree-proofs";
import { CHECKPOINTER_LOCK, growTree, storedFrontier } from "./tree-store";
import { addCheckpoint } from "./witness-client";
import { DIRECTORY_WITNESS, witnessConfig, type WitnessConfig } from "./witness-config";
import { readCheckpointNote, WitnessedConflictError, writeCheckpointNote, writeEventHashes } from "./witness-directory";
import { setting } from "@/server/config/env";

export function checkpointSeconds(): number {
  return setting("BULKHEAD_AUDIT_CHECKPOINT_SECONDS");
}

export interface CheckpointerRun {
  /** Size of the checkpoint signed by this run, if any. */
  signed: bigint | null;
  /** "<witness> <size>" of each checkpoint a witness took in this run. */
  witnessed: string[];
  /** Why a witness did not take a checkpoint (it is retried next run). */
  problems: string[];
}

/** Signs the tree's current size unless a checkpoint already covers it; returns the new checkpoint or null. */
async function signNewCheckpoint(client: PrismaClient, size: number): Promise<AuditCheckpoint | null> {
  if (size === 0) return null;
  return client.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINTER_LOCK})`;
    const latest = await tx.auditCheckpoint.findFirst({ orderBy: { sequence: "desc" }, select: { sequence: true } });
    if (latest && latest.sequence >= BigInt(size)) return null;
    const head = await tx.auditEvent.findUniqueOrThrow({ where: { sequence: BigInt(size) }, select: { hash: true } });
    const root = (await storedFrontier(tx, size)).root();
    const signer = await checkpointSigner();
    await registerSigner(tx, signer, BigInt(size));
    const note = signCheckpoint({ origin: auditOrigin(), size: BigInt(size), root }, signer);
    const [signature] = parseNote(note).signatures;
    return tx.auditCheckpoint.create({
      data: {
        sequence: BigInt(size),
        headHash: head.hash ?? "",
        createdAt: new Date(),
        keyFingerprint: signer.fingerprint,
        signature: Buffer.concat([signature.keyId, signature.signature]).toString("base64"),
        rootHash: root.toString("hex"),
        note,
      },
    });
  });
}

/** The directory is plain storage and checks nothing itself, so the checkpointer does what a witness would: a
 * checkpoint goes in only if it is consistent, by proof, with the last one the directory holds. */
async function assertConsistentWithDirectory(client: PrismaClient, directory: string, previous: bigint, checkpoint: { sequence: bigint; note: string | null }) {
  if (previous === 0n) return;
  const witnessedRoot = parseCheckpointText(parseNote(await readCheckpointNote(directory, previous)).text).root;
  const newRoot = parseCheckpointText(parseNote(checkpoint.note!).text).root;
  const proof = await consistencyProof(client, Number(previous), Number(checkpoint.sequence));
  if (!verifyConsistency(previous, checkpoint.sequence, witnessedRoot, newRoot, proof)) {
    throw new WitnessedConflictError(`checkpoint ${checkpoint.sequence} is not consistent with checkpoint ${previous} in the witness directory: the database's history differs from what was witnessed`);
  }
}

/** Every checkpoint the directory has not taken yet, oldest first, each with the hashes of the events it adds. */
async function witnessToDirectory(client: PrismaClient, directory: string, run: CheckpointerRun): Promise<void> {
  const done = await client.auditCheckpointWitness.findFirst({ where: { witness: DIRECTORY_WITNESS }, orderBy: { sequence: "desc" }, select: { sequence: true } });
  let previous = done?.sequence ?? 0n;
  const pending = await client.auditCheckpoint.findMany({ where: { note: { not: null }, sequence: { gt: previous } }, orderBy: { sequence: "asc" }, select: { sequence: true, note: true } });
  for (const checkpoint of pending) {
    await assertConsistentWithDirectory(client, directory, previous, checkpoint);
    for (let from = previous + 1n; from <= checkpoint.sequence; from += 10_000n) {
      const to = from + 9_999n < checkpoint.sequence ? from + 9_999n : checkpoint.sequence;
      const events = await client.auditEvent.findMany({ where: { sequence: { gte: from, lte: to } }, select: { sequence: true, hash: true }, orderBy: { sequence: "asc" } });
      const hashes = [];
      for (const event of events) hashes.push({ sequence: event.sequence, hash: event.hash ?? eventHash(await client.auditEvent.findUniqueOrThrow({ where: { sequence: event.sequence } })) });
      await writeEventHashes(directory, hashes);
    }
    await writeCheckpointNote(directory, checkpoint.sequence, checkpoint.note!);
    await client.auditCheckpointWitness.create({ data: { sequence: checkpoint.sequence, witness: DIRECTORY_WITNESS } });
    run.witnessed.push(`${DIRECTORY_WITNESS} ${checkpoint.sequence}`);
    previous = checkpoint.sequence;
  }
}

/** The newest checkpoint, to the witness process, with a consistency proof from the last one it cosigned. */
async function witnessToProcess(client: PrismaClient, witness: NonNullable<WitnessConfig["process"]>, run: CheckpointerRun): Promise<void> {
  const name = witness.verifier.name;
  const newest = await client.auditCheckpoint.findFirst({ where: { note: { not: null } }, orderBy: { sequence: "desc" }, select: { sequence: true, note: true } });
  if (!newest) return;
  const cosigned = await client.auditCheckpointWitness.findFirst({ where: { witness: name }, orderBy: { sequence: "desc" }, select: { sequence: true } });
  if (cosigned && cosigned.sequence >= newest.sequence) return;
  let oldSize = cosigned?.sequence ?? 0n;
  // Once more when the witness says it is at another size (it cosigned, and we crashed before recording it).
  for (let attempt = 0; attempt < 2; attempt++) {
    const proof = await consistencyProof(client, Number(oldSize), Number(newest.sequence));
    const answer = await addCheckpoint(witness.url, oldSize, proof, newest.note!);
    if (answer.kind === "other-size" && attempt === 0 && answer.size <= newest.sequence) {
      oldSize = answer.size;
      continue;
    }
    if (answer.kind !== "cosigned") {
      run.problems.push(`witness ${name} refused checkpoint ${newest.sequence}: ${answer.kind === "other-size" ? `it is at size ${answer.size}` : `${answer.status} ${answer.message}`}`);
      return;
    }
    const line = answer.lines.split("\n").find((candidate) => candidate && cosignedAt(newest.note! + `${candidate}\n`, witness.verifier));
    if (!line) {
      run.problems.push(`witness ${name} answered checkpoint ${newest.sequence} without a valid cosignature of its key`);
      return;
    }
    await client.auditCheckpointWitness.create({ data: { sequence: newest.sequence, witness: name, cosignature: `${line}\n` } });
    run.witnessed.push(`${name} ${newest.sequence}`);
    return;
  }
}

/** One run: grow the tree to the head, sign it if new, hand what is pending to every witness. */
export async function checkpointNow(client: PrismaClient = db()): Promise<CheckpointerRun> {
  const config = witnessConfig();
  const run: CheckpointerRun = { signed: null, witnessed: [], problems: [] };
  const head = await client.auditEvent.findFirst({ orderBy: { sequence: "desc" }, select: { sequence: true } });
  const size = await growTree(client, Number(head?.sequence ?? 0n));
  run.signed = (await signNewCheckpoint(client, size))?.sequence ?? null;
  const witnesses: [string, () => Promise<void>][] = [];
  if (config.directory) witnesses.push([DIRECTORY_WITNESS, () => witnessToDirectory(client, config.directory!, run)]);
  if (config.process) witnesses.push([config.process.verifier.name, () => witnessToProcess(client, config.process!, run)]);
  for (const [name, witness] of witnesses) {
    // One witness being down does not keep the checkpoint from the others.
    await witness().catch((error: unknown) => run.problems.push(`witness ${name}: ${error instanceof Error ? error.message : String(error)}`));
  }
  return run;
}

/** Runs the checkpointer now and then every BULKHEAD_AUDIT_CHECKPOINT_SECONDS in this process; returns a stop. */
export function startCheckpointer(log: (line: string) => void = (line) => console.error(`[audit] ${line}`)): () => void {
  const seconds = checkpointSeconds();
  witnessConfig(); // a wrong setting stops the start here rather than failing every run
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const run = await checkpointNow();
      for (const problem of run.problems) log(problem);
    } catch (error) {
      log(`checkpoint failed (retried in ${seconds} s): ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!stopped) timer = setTimeout(tick, seconds * 1000).unref();
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
