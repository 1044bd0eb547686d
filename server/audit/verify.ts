// Verifies the stored trail, or a range of it: every event against the chain, every signed checkpoint
// against its signature and the event it covers. Reads in pages, so memory stays flat at any size.
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

async function anchorBefore(client: PrismaClient, from: bigint): Promise<ChainAnchor | null> {
  if (from <= 1n) return null;
  const before = await client.auditEvent.findUnique({ where: { sequence: from - 1n }, select: { sequence: true, hash: true } });
  return before ?? { sequence: from - 1n, hash: null };
}

/** Checkpoints are checked against `key`: by default this installation's own; a verifier without the
 * private key passes the published public key. */
export async function verifyAuditTrail(
  range: { from?: bigint; to?: bigint } = {},
  client: PrismaClient = db(),
  key?: Pick<SigningKey, "publicKey" | "fingerprint">,
): Promise<VerifyReport> {
  const from = range.from ?? 1n;
  const publicKey = key ?? (await signingKey());
  const checkpoints = await client.auditCheckpoint.findMany({ where: { sequence: { gte: from, lte: range.to } }, orderBy: { sequence: "asc" } });
  const signed = new Map<bigint, AuditCheckpoint>(checkpoints.map((checkpoint) => [checkpoint.sequence, checkpoint]));
  const badSignature = checkpoints.map((checkpoint) => ({ checkpoint, detail: checkpointSignatureProblem(checkpoint, publicKey) })).find(({ detail }) => detail);

  const walker = new ChainWalker(await anchorBefore(client, from));
  let firstBroken: VerifyReport["firstBroken"] = null;
  let next = from;
  walk: for (;;) {
    const page = await client.auditEvent.findMany({ where: { sequence: { gte: next, lte: range.to } }, orderBy: { sequence: "asc" }, take: PAGE });
    for (const event of page) {
      firstBroken = walker.push(event);
      const checkpoint = signed.get(event.sequence);
      if (!firstBroken && checkpoint && checkpoint.headHash !== event.hash) {
        firstBroken = { sequence: event.sequence.toString(), problem: "differs from a signed checkpoint", detail: `rewritten at or before ${event.sequence} (after the previous checkpoint), hashes recomputed` };
      }
      if (firstBroken) break walk;
    }
    if (page.length < PAGE) break;
    next = page[page.length - 1].sequence + 1n;
  }
  const head = walker.head;
  const lastSigned = checkpoints.at(-1);
  if (!firstBroken && lastSigned && (!head || head.sequence < lastSigned.sequence)) {
    // A signed checkpoint covers events that are no longer there: the tail was deleted.
    const sequence = (head?.sequence ?? from - 1n) + 1n;
    firstBroken = { sequence: sequence.toString(), problem: "deleted", detail: `a signed checkpoint covers events up to ${lastSigned.sequence}, which are gone` };
  }
  return {
    ok: !firstBroken && !badSignature,
    checked: walker.checked,
    unchained: walker.unchained,
    checkpoints: checkpoints.length,
    head: head ? { sequence: head.sequence.toString(), hash: head.hash } : null,
    firstBroken,
    badCheckpoint: badSignature ? { sequence: badSignature.checkpoint.sequence.toString(), detail: badSignature.detail! } : null,
  };
}
