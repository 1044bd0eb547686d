// Verifies the stored trail, or a range of it: every event against the chain, every signed checkpoint
// against its signature and the event it covers. Reads in pages, so memory stays flat at any size; a walk can
// stop after any page and continue later from its progress (the background job, verification.ts).
import type { AuditCheckpoint, PrismaClient } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { ChainWalker, type ChainAnchor, type ChainBreak } from "./chain";
import { checkpointSignatureProblem } from "./checkpoint";
import { signingKey, type SigningKey } from "./signing-key";

const PAGE = 5000;

export interface VerifyReport {
  ok: boolean;
  /** Events checked, and how many of them predate the chain (no hash: nothing to check but their place). */
  checked: number;
  unchained: number;
  checkpoints: number;
  head: { sequence: string; hash: string | null } | null;
  /** The first event that breaks the chain or disagrees with a signed checkpoint. */
  firstBroken: (Omit<ChainBreak, "problem"> & { problem: ChainBreak["problem"] | "differs from a signed checkpoint" | "deleted" }) | null;
  /** The first checkpoint whose signature does not hold. */
  badCheckpoint: { sequence: string; detail: string } | null;
}

/** Where a walk stands: the last event verified and the counts so far. */
export interface VerifyProgress {
  last: ChainAnchor | null;
  checked: number;
  unchained: number;
}

type PublicKey = Pick<SigningKey, "publicKey" | "fingerprint">;

async function anchorBefore(client: PrismaClient, from: bigint): Promise<ChainAnchor | null> {
  if (from <= 1n) return null;
  const before = await client.auditEvent.findUnique({ where: { sequence: from - 1n }, select: { sequence: true, hash: true } });
  return before ?? { sequence: from - 1n, hash: null };
}

/** One verification of a range, walked a page at a time. */
export class TrailVerification {
  firstBroken: VerifyReport["firstBroken"] = null;
  private exhausted = false;

  private constructor(
    private readonly client: PrismaClient,
    private readonly range: { from: bigint; to?: bigint },
    private readonly checkpoints: AuditCheckpoint[],
    private readonly badCheckpoint: VerifyReport["badCheckpoint"],
    private readonly walker: ChainWalker,
  ) {}

  /** Checkpoints are checked against `key`; `resume` continues a walk from its saved progress. */
  static async open(client: PrismaClient, range: { from?: bigint; to?: bigint }, key: PublicKey, resume?: VerifyProgress): Promise<TrailVerification> {
    const from = range.from ?? 1n;
    const checkpoints = await client.auditCheckpoint.findMany({ where: { sequence: { gte: from, lte: range.to } }, orderBy: { sequence: "asc" } });
    const bad = checkpoints.map((checkpoint) => ({ checkpoint, detail: checkpointSignatureProblem(checkpoint, key) })).find(({ detail }) => detail);
    const walker = resume ? new ChainWalker(resume.last, resume) : new ChainWalker(await anchorBefore(client, from));
    const badCheckpoint = bad ? { sequence: bad.checkpoint.sequence.toString(), detail: bad.detail! } : null;
    return new TrailVerification(client, { from, to: range.to }, checkpoints, badCheckpoint, walker);
  }

  get done(): boolean {
    return this.exhausted || this.firstBroken !== null;
  }

  get progress(): VerifyProgress {
    return { last: this.walker.head, checked: this.walker.checked, unchained: this.walker.unchained };
  }

  /** Verifies the next page of events (up to 5000). */
  async step(): Promise<void> {
    if (this.done) return;
    const next = this.walker.head ? this.walker.head.sequence + 1n : this.range.from;
    const page = await this.client.auditEvent.findMany({ where: { sequence: { gte: next, lte: this.range.to } }, orderBy: { sequence: "asc" }, take: PAGE });
    const signed = new Map(this.checkpoints.filter((c) => c.sequence >= next).map((c) => [c.sequence, c.headHash]));
    for (const event of page) {
      this.firstBroken = this.walker.push(event);
      const headHash = signed.get(event.sequence);
      if (!this.firstBroken && headHash !== undefined && headHash !== event.hash) {
        this.firstBroken = { sequence: event.sequence.toString(), problem: "differs from a signed checkpoint", detail: `rewritten at or before ${event.sequence} (after the previous checkpoint), hashes recomputed` };
      }
      if (this.firstBroken) return;
    }
    if (page.length < PAGE) this.finish();
  }

  private finish() {
    this.exhausted = true;
    const head = this.walker.head;
    const lastSigned = this.checkpoints.at(-1);
    if (lastSigned && (!head || head.sequence < lastSigned.sequence)) {
      // A signed checkpoint covers events that are no longer there: the tail was deleted.
      const sequence = (head?.sequence ?? this.range.from - 1n) + 1n;
      this.firstBroken = { sequence: sequence.toString(), problem: "deleted", detail: `a signed checkpoint covers events up to ${lastSigned.sequence}, which are gone` };
    }
  }

  report(): VerifyReport {
    const head = this.walker.head;
    return {
      ok: !this.firstBroken && !this.badCheckpoint,
      checked: this.walker.checked,
      unchained: this.walker.unchained,
      checkpoints: this.checkpoints.length,
      head: head ? { sequence: head.sequence.toString(), hash: head.hash } : null,
      firstBroken: this.firstBroken,
      badCheckpoint: this.badCheckpoint,
    };
  }
}

/** The whole range in one go (the CLI, tests). Checkpoints are checked against `key`: by default this
 * installation's own; a verifier without the private key passes the published public key. */
export async function verifyAuditTrail(range: { from?: bigint; to?: bigint } = {}, client: PrismaClient = db(), key?: PublicKey): Promise<VerifyReport> {
  const verification = await TrailVerification.open(client, range, key ?? (await signingKey()));
  while (!verification.done) await verification.step();
  return verification.report();
}
