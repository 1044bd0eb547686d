// The Merkle tree's perfect subtrees in Postgres (AuditTreeNode): how many leaves it holds, reading any set of
// nodes in one query, and growing it to cover new events. Growing is the checkpointer's job, in batches of
// its own transactions (never inside an append), each under a lock of its own so two replicas' checkpointers
// take turns instead of racing; a batch that fails rolls back whole and the next run starts where the last
// committed one ended.
import type { AuditEvent, PrismaClient } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import { MerkleFrontier, type StoredNode } from "@/tlog/frontier";
import { leafHash, nodeKey, type NodeId } from "@/tlog/rfc9162";
import { eventHash } from "./chain";

type Client = PrismaClient | Tx;

/** 0x41554454 + 1: the checkpointer's lock, apart from the appends' (audit_append), which it never blocks. */
export const CHECKPOINTER_LOCK = 1096107093;

/** Leaves per transaction when growing: a few MB of rows, a second or two of work. */
const BATCH = 20_000;

const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Leaves in the stored tree (events 1..size are covered). */
export async function storedTreeSize(client: Client): Promise<number> {
  const [row] = await client.$queryRaw<{ size: bigint | null }[]>`SELECT max("index") + 1 AS size FROM "AuditTreeNode" WHERE "level" = 0`;
  return Number(row.size ?? 0n);
}

/** The hashes of these nodes, keyed by nodeKey; a node not stored is absent. */
export async function readNodes(client: Client, nodes: NodeId[]): Promise<Map<string, Buffer>> {
  if (!nodes.length) return new Map();
  const rows = await client.$queryRaw<{ level: number; index: bigint; hash: Uint8Array }[]>`
    SELECT n."level", n."index", n."hash" FROM "AuditTreeNode" AS n
    JOIN unnest(${nodes.map((node) => node.level)}::smallint[], ${nodes.map((node) => String(node.index))}::bigint[]) AS wanted(level, index)
      ON n."level" = wanted.level AND n."index" = wanted.index`;
  return new Map(rows.map((row) => [nodeKey({ level: row.level, index: Number(row.index) }), buffer(row.hash)]));
}

/** The stored tree's right edge at `size` leaves, read from its perfect subtrees. */
export async function storedFrontier(client: Client, size: number): Promise<MerkleFrontier> {
  const ids = MerkleFrontier.nodesOf(size);
  const hashes = await readNodes(client, ids);
  return new MerkleFrontier(
    size,
    ids.map((id) => {
      const hash = hashes.get(nodeKey(id));
      if (!hash) throw new Error(`the Merkle tree lacks node ${nodeKey(id)} of its first ${size} leaves`);
      return { ...id, hash };
    }),
  );
}

/** The leaf of an event: SHA-256(0x00 ‖ its chain hash). Events from before the chain have no stored hash; theirs
 * is computed the way the chain would have (chain.ts eventHash). */
export function eventLeaf(event: Pick<AuditEvent, "hash"> & Partial<AuditEvent>): Buffer {
  const hash = event.hash ?? eventHash(event as AuditEvent);
  return leafHash(Buffer.from(hash, "hex"));
}

async function insertNodes(tx: Tx, nodes: StoredNode[]): Promise<void> {
  for (let at = 0; at < nodes.length; at += 10_000) {
    const part = nodes.slice(at, at + 10_000);
    await tx.$executeRaw`INSERT INTO "AuditTreeNode" ("level", "index", "hash")
      SELECT * FROM unnest(${part.map((node) => node.level)}::smallint[], ${part.map((node) => String(node.index))}::bigint[], ${part.map((node) => node.hash)}::bytea[])`;
  }
}

/** Reads the events of the next leaves and adds them; false when the tree already covers `target`. */
async function growOneBatch(client: PrismaClient, target: number): Promise<boolean> {
  return client.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINTER_LOCK})`;
      const size = await storedTreeSize(tx);
      if (size >= target) return false;
      const end = Math.min(target, size + BATCH);
      const events = await tx.auditEvent.findMany({ where: { sequence: { gt: BigInt(size), lte: BigInt(end) } }, select: { sequence: true, hash: true }, orderBy: { sequence: "asc" } });
      const frontier = await storedFrontier(tx, size);
      const completed: StoredNode[] = [];
      for (const event of events) {
        // Leaf i is event i + 1: a missing event would shift every later leaf, so the tree stops before it.
        if (event.sequence !== BigInt(frontier.size + 1)) throw new Error(`audit event ${frontier.size + 1} is missing: the Merkle tree stops at ${frontier.size} leaves`);
        const leaf = event.hash ? eventLeaf(event) : eventLeaf((await tx.auditEvent.findUniqueOrThrow({ where: { sequence: event.sequence } })));
        completed.push(...frontier.push(leaf));
      }
      if (frontier.size < end) throw new Error(`audit event ${frontier.size + 1} is missing: the Merkle tree stops at ${frontier.size} leaves`);
      await insertNodes(tx, completed);
      return true;
    },
    { timeout: 120_000 },
  );
}

/** Grows the stored tree until it covers events 1..target; returns its size. */
export async function growTree(client: PrismaClient, target: number): Promise<number> {
  while (await growOneBatch(client, target));
  return storedTreeSize(client);
}
