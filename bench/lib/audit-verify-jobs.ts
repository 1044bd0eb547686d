// P3's two measured jobs, each run in a child process (lib/child.ts) against DATABASE_URL.
import pg from "pg";
import type { AuditEvent } from "@/server/db/generated/client";
import { eventHash } from "@/server/audit/chain";
import { verifyAuditTrail } from "@/server/audit/trail-verification";
import { disconnectDb } from "@/server/db/client";

/** The product's verifier over the whole trail, as `npm run audit:verify` and audit.verify run it. */
export async function verifyTrail(): Promise<{ ok: boolean; checked: number; checkpoints: number }> {
  try {
    const report = await verifyAuditTrail();
    if (!report.ok) throw new Error(`the seeded trail did not verify: ${JSON.stringify(report.firstBroken ?? report.badCheckpoint)}`);
    return { ok: report.ok, checked: report.checked, checkpoints: report.checkpoints };
  } finally {
    await disconnectDb();
  }
}

const PAGE = 5000;

/** The irreducible work: read every row (plain pg, keyset pages) and SHA-256 its canonical JSON (chain.ts). */
export async function hashTrail(): Promise<{ checked: number }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  let checked = 0;
  try {
    for (let after = "0"; ; ) {
      const { rows } = await client.query<AuditEvent>(`SELECT * FROM "AuditEvent" WHERE "sequence" > $1 ORDER BY "sequence" LIMIT ${PAGE}`, [after]);
      for (const row of rows) {
        // canonicalEvent only calls sequence.toString(): pg's text bigint serves as well as a BigInt.
        if (eventHash(row) !== row.hash) throw new Error(`event ${row.sequence} does not match its hash`);
      }
      checked += rows.length;
      if (rows.length < PAGE) break;
      after = String(rows[rows.length - 1].sequence);
    }
    return { checked };
  } finally {
    await client.end();
  }
}
