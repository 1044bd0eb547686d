// Verifies the stored trail, or a range of it, event by event: every event against the chain; the Merkle root
// recomputed from the events at every checkpoint's size and held against that checkpoint (whose signature must
// be of the key registered for its size); and, above all, against what the witnesses outside the database
// hold: each event hash the directory recorded and each witnessed root. So a deleted tail, a deleted
// checkpoint, or a history rewritten with fresh hashes and re-signed with the installation's own key is
// reported, naming the first event or checkpoint that disagrees. Reads in pages, so memory stays flat at any
// size; a walk can stop after any page and continue later from its progress (the background job,
// verification-worker.ts); the checkpoints of a page are read with it.
import type { AuditCheckpoint, PrismaClient } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { parseCheckpointText } from "@/tlog/checkpoint";
import { MerkleFrontier } from "@/tlog/frontier";
import { hasValidSignature, parseNote, type NoteVerifier } from "@/tlog/note";
import { ChainWalker, type ChainAnchor, type ChainBreak } from "./chain";
import { checkpointSignatureProblem } from "./legacy-checkpoint";
import { auditOrigin, keyForSize, legacyVerifierKeys, registeredKeys, type KeyRange } from "./log-keys";
import { publicKeyInfo } from "./signing-key";
import { eventLeaf, storedFrontier } from "./tree-store";
import { witnessConfig } from "./witness-config";
import { WitnessedRecords, type WitnessSummary } from "./witnessed-records";

const PAGE = 5000;

export type BreakProblem =
  | ChainBreak["problem"]
  | "differs from a signed checkpoint"
  | "differs from the witnessed record"
  | "differs from a witnessed checkpoint"
  | "deleted";

export interface VerifyReport {
  ok: boolean;
  /** Events checked, and how many of them predate the chain (no hash: nothing to check but their place). */
  checked: number;
  unchained: number;
  checkpoints: number;
  head: { sequence: string; hash: string | null } | null;
  /** The first event that breaks the chain or disagrees with a signed or witnessed checkpoint. */
  firstBroken: (Omit<ChainBreak, "problem"> & { problem: BreakProblem }) | null;
  /** The first checkpoint whose signature does not hold, or that the witnesses hold and the database lost. */
  badCheckpoint: { sequence: string; detail: string } | null;
  /** Each witness consulted, and why one could not be (then the trail is not called verified). */
  witnesses: WitnessSummary[];
}

/** Where a walk stands: the last event verified, the counts so far, and the tree's right edge there. */
export interface VerifyProgress {
  last: ChainAnchor | null;
  checked: number;
  unchained: number;
  frontier: ReturnType<MerkleFrontier["toJSON"]> | null;
}

/** Which keys a checkpoint must be signed with: those registered in the database with their ranges (default),
 * or keys an auditor brings (`npm run audit:verify -- --log-key`), any of which may sign any size. */
export type CheckpointKeys = { registered: true } | { given: NoteVerifier[] };

interface ExpectedRoot {
  root: Buffer;
  problem: "differs from a signed checkpoint" | "differs from a witnessed checkpoint";
  source: string;
}

async function anchorBefore(client: PrismaClient, from: bigint): Promise<ChainAnchor | null> {
  if (from <= 1n) return null;
  const before = await client.auditEvent.findUnique({ where: { sequence: from - 1n }, select: { sequence: true, hash: true } });
  return before ?? { sequence: from - 1n, hash: null };
}

/** The tree's edge before `from`: empty at 1; else from the stored tree (a cache, but any lie in it shows at the
 * next witnessed root); null when the tree does not reach there (then roots in this range are not compared). */
async function frontierBefore(client: PrismaClient, from: bigint): Promise<MerkleFrontier | null> {
  if (from <= 1n) return new MerkleFrontier();
  return storedFrontier(client, Number(from - 1n)).catch(() => null);
}

/** Why a C2SP checkpoint row does not hold: its note's signature, size or root. */
function noteProblem(checkpoint: AuditCheckpoint, keys: CheckpointKeys, ranges: KeyRange[]): string | null {
  const verifiers = "given" in keys ? keys.given : [keyForSize(ranges, checkpoint.sequence)?.verifier].filter((v): v is NoteVerifier => !!v);
  if (!verifiers.length) return `no registered key signs size ${checkpoint.sequence}`;
  try {
    const note = parseNote(checkpoint.note!);
    if (!verifiers.some((verifier) => hasValidSignature(note, verifier))) return "signature does not verify with the key for its size";
    const body = parseCheckpointText(note.text);
    if (body.size !== checkpoint.sequence) return `its note is for size ${body.size}`;
  } catch (error) {
    return `its note cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** One verification of a range, walked a page at a time; the checkpoints, signed and witnessed, are read with
 * the page of events they cover, so memory stays flat at any size. */
export class TrailVerification {
  firstBroken: VerifyReport["firstBroken"] = null;
  private badCheckpoint: VerifyReport["badCheckpoint"] = null;
  private exhausted = false;
  /** The last size whose root matched a checkpoint, to say where a rewrite can be. */
  private lastAgreeing: bigint | null = null;
  /** What the events of the current page must give, by size. */
  private expectedRoots = new Map<bigint, ExpectedRoot[]>();
  /** Legacy checkpoints sign the chain's head hash instead of a root. */
  private expectedHeads = new Map<bigint, string>();

  private constructor(
    private readonly client: PrismaClient,
    private readonly range: { from: bigint; to?: bigint },
    private readonly keys: CheckpointKeys,
    private readonly ranges: KeyRange[],
    private readonly legacyKeys: Awaited<ReturnType<typeof legacyVerifierKeys>>,
    /** Signed checkpoints in the range, and the newest of them. */
    private readonly signed: { count: number; last: bigint | null },
    private readonly walker: ChainWalker,
    private frontier: MerkleFrontier | null,
    private readonly witnessed: WitnessedRecords,
  ) {}

  /** `resume` continues a walk from its saved progress. */
  static async open(client: PrismaClient, range: { from?: bigint; to?: bigint }, keys: CheckpointKeys = { registered: true }, resume?: VerifyProgress): Promise<TrailVerification> {
    const from = range.from ?? 1n;
    const ranges = await registeredKeys(client);
    const legacyKeys = "given" in keys ? keys.given.map((verifier) => publicKeyInfo(verifier.key)) : await legacyVerifierKeys(client);
    const inRange = { sequence: { gte: from, lte: range.to } };
    const [count, last] = [await client.auditCheckpoint.count({ where: inRange }), await client.auditCheckpoint.findFirst({ where: inRange, orderBy: { sequence: "desc" }, select: { sequence: true } })];
    const logKeys = "given" in keys ? keys.given : ranges.map((key) => key.verifier);
    const witnessed = await WitnessedRecords.load(witnessConfig(), auditOrigin(), logKeys);
    const walker = resume ? new ChainWalker(resume.last, resume) : new ChainWalker(await anchorBefore(client, from));
    const frontier = resume ? (resume.frontier ? MerkleFrontier.fromJSON(resume.frontier) : null) : await frontierBefore(client, from);
    return new TrailVerification(client, { from, to: range.to }, keys, ranges, legacyKeys, { count, last: last?.sequence ?? null }, walker, frontier, witnessed);
  }

  get done(): boolean {
    return this.exhausted || this.firstBroken !== null;
  }

  get progress(): VerifyProgress {
    return { last: this.walker.head, checked: this.walker.checked, unchained: this.walker.unchained, frontier: this.frontier?.toJSON() ?? null };
  }

  /** The signed and witnessed checkpoints of sizes [from, to]: signatures checked, what the events must give. */
  private async readCheckpoints(from: bigint, to: bigint): Promise<void> {
    this.expectedRoots = new Map();
    this.expectedHeads = new Map();
    const expect = (size: bigint, expected: ExpectedRoot) => this.expectedRoots.set(size, [...(this.expectedRoots.get(size) ?? []), expected]);
    const checkpoints = await this.client.auditCheckpoint.findMany({ where: { sequence: { gte: from, lte: to } }, orderBy: { sequence: "asc" } });
    for (const checkpoint of checkpoints) {
      const problem = checkpoint.note ? noteProblem(checkpoint, this.keys, this.ranges) : checkpointSignatureProblem(checkpoint, this.legacyKeys);
      if (problem) {
        this.badCheckpoint ??= { sequence: checkpoint.sequence.toString(), detail: problem };
        continue;
      }
      if (checkpoint.note) expect(checkpoint.sequence, { root: parseCheckpointText(parseNote(checkpoint.note).text).root, problem: "differs from a signed checkpoint", source: `checkpoint ${checkpoint.sequence}` });
      else this.expectedHeads.set(checkpoint.sequence, checkpoint.headHash);
    }
    for (const checkpoint of await this.witnessed.checkpointsIn(from, to)) {
      expect(checkpoint.size, { root: checkpoint.root, problem: "differs from a witnessed checkpoint", source: `checkpoint ${checkpoint.size} as witnessed by ${checkpoint.by.join(" and ")}` });
      if (!checkpoints.some((c) => c.sequence === checkpoint.size)) this.badCheckpoint ??= { sequence: checkpoint.size.toString(), detail: `missing from the database; ${checkpoint.by.join(" and ")} witnessed it` };
    }
  }

  /** Verifies the next page of events (up to 5000). */
  async step(): Promise<void> {
    if (this.done) return;
    const next = this.walker.head ? this.walker.head.sequence + 1n : this.range.from;
    const page = await this.client.auditEvent.findMany({ where: { sequence: { gte: next, lte: this.range.to } }, orderBy: { sequence: "asc" }, take: PAGE });
    if (page.length) await this.readCheckpoints(next, page[page.length - 1].sequence);
    for (const event of page) {
      this.firstBroken = this.walker.push(event);
      if (this.firstBroken) return;
      const sequence = event.sequence.toString();
      const witnessedHash = await this.witnessed.eventHash(event.sequence);
      if (witnessedHash !== undefined && witnessedHash !== event.hash) {
        this.firstBroken = { sequence, problem: "differs from the witnessed record", detail: `its hash ${event.hash} is not the ${witnessedHash} the witness directory recorded` };
        return;
      }
      const signedHead = this.expectedHeads.get(event.sequence);
      if (signedHead !== undefined && signedHead !== event.hash) {
        this.firstBroken = { sequence, problem: "differs from a signed checkpoint", detail: `rewritten at or before ${sequence} (after the previous checkpoint), hashes recomputed` };
        return;
      }
      if (!this.frontier) continue;
      this.frontier.push(eventLeaf(event));
      for (const expected of this.expectedRoots.get(event.sequence) ?? []) {
        if (this.frontier.root().equals(expected.root)) {
          this.lastAgreeing = event.sequence;
          continue;
        }
        const since = this.lastAgreeing === null ? "" : `after ${this.lastAgreeing} (the last checkpoint that agrees) and `;
        this.firstBroken = { sequence, problem: expected.problem, detail: `the events up to ${sequence} do not give the root of ${expected.source}: an event ${since}at or before ${sequence} was rewritten, the hashes after it recomputed` };
        return;
      }
    }
    if (page.length < PAGE) await this.finish();
  }

  /** After the last event: checkpoints that cover more than the database holds mean a deleted tail. */
  private async finish() {
    this.exhausted = true;
    const headSequence = this.walker.head?.sequence ?? this.range.from - 1n;
    const end = this.range.to ?? (this.witnessed.lastSize ?? 0n);
    const beyond = headSequence < end ? await this.witnessed.checkpointsIn(headSequence + 1n, end) : [];
    const lastWitnessed = beyond.at(-1);
    const covers = [
      ...(lastWitnessed ? [`witnessed checkpoint ${lastWitnessed.size} (${lastWitnessed.by.join(" and ")})`] : []),
      ...(this.signed.last !== null && this.signed.last > headSequence ? [`signed checkpoint ${this.signed.last}`] : []),
    ];
    if (covers.length) {
      const upTo = [lastWitnessed?.size ?? 0n, this.signed.last ?? 0n].reduce((a, b) => (a > b ? a : b));
      this.firstBroken = { sequence: (headSequence + 1n).toString(), problem: "deleted", detail: `${covers.join(" and ")} ${covers.length > 1 ? "cover" : "covers"} events up to ${upTo}; the database ends at ${headSequence}` };
    }
    if (beyond.length) {
      const present = await this.client.auditCheckpoint.findMany({ where: { sequence: { in: beyond.map((c) => c.size) } }, select: { sequence: true } });
      const lost = beyond.find((c) => !present.some((p) => p.sequence === c.size));
      if (lost) this.badCheckpoint ??= { sequence: lost.size.toString(), detail: `missing from the database; ${lost.by.join(" and ")} witnessed it` };
    }
  }

  report(): VerifyReport {
    const head = this.walker.head;
    const witnessProblems = this.witnessed.summaries.some((summary) => summary.problem) || this.witnessed.conflicts.length > 0;
    const witnesses = [...this.witnessed.summaries, ...this.witnessed.conflicts.map((conflict) => ({ name: "witnesses disagree", checkpoints: 0, problem: conflict }))];
    return {
      ok: !this.firstBroken && !this.badCheckpoint && !witnessProblems,
      checked: this.walker.checked,
      unchained: this.walker.unchained,
      checkpoints: this.signed.count,
      head: head ? { sequence: head.sequence.toString(), hash: head.hash } : null,
      firstBroken: this.firstBroken,
      badCheckpoint: this.badCheckpoint,
      witnesses,
    };
  }
}

/** The whole range in one go (the CLI, tests). */
export async function verifyAuditTrail(range: { from?: bigint; to?: bigint } = {}, client: PrismaClient = db(), keys?: CheckpointKeys): Promise<VerifyReport> {
  const verification = await TrailVerification.open(client, range, keys);
  while (!verification.done) await verification.step();
  return verification.report();
}
