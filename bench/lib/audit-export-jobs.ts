// P2's two measured jobs, each run in a child process (lib/child.ts) against DATABASE_URL.
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import pg from "pg";
// pg-copy-streams: COPY … TO STDOUT as a Node stream over a plain pg connection (pg itself has no COPY API).
import { to as copyTo } from "pg-copy-streams";
import { exportToFile } from "@/server/audit/export-file";
import { EXPORT_COLUMNS } from "@/server/audit/export-format";
import { disconnectDb } from "@/server/db/client";

/** The product's export path: the same generator the HTTP route streams, written to a file with its manifest. */
export async function exportCsv(file: string): Promise<{ count: number }> {
  const who = { actor: { userId: "bench", email: "bench@local", name: "Bench", role: "compliance" as const, teamIds: [] }, meta: { requestId: "bench", sourceIp: null, userAgent: null } };
  try {
    const manifest = await exportToFile({ exportId: "bench", format: "csv", filter: {}, who }, file, `${file}.manifest.json`);
    return { count: manifest.count };
  } finally {
    await disconnectDb();
  }
}

/** The yardstick: Postgres itself writing the same columns of the same rows as CSV, streamed to a file. */
export async function copyCsv(file: string, lastSequence: string): Promise<{ count: number }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const columns = EXPORT_COLUMNS.map((column) => `"${column}"`).join(", ");
    const copy = client.query(copyTo(`COPY (SELECT ${columns} FROM "AuditEvent" WHERE "sequence" <= ${BigInt(lastSequence)} ORDER BY "sequence") TO STDOUT WITH (FORMAT csv, HEADER)`));
    await pipeline(copy, createWriteStream(file));
    return { count: copy.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}
