// `COPY (query) TO STDOUT` as a stream of Buffers, on a connection of its own (Prisma cannot run COPY): the
// fastest way to have Postgres hand out many rows, already formatted. pg-copy-streams speaks COPY's part of
// the wire protocol over a plain `pg` client, which has no COPY API of its own.
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { setting } from "@/server/config/env";

const BLOCK_BYTES = 64 * 1024;

/**
 * Runs the COPY in a read-only transaction after setting `settings` for it (set_config, transaction-local):
 * COPY takes no bind parameters, so values reach the query through current_setting(name) instead of being
 * spliced into its text. Yields the output as it arrives; returns the number of rows. A consumer that stops
 * early closes the connection, which ends the COPY.
 */
export async function* copyOut(copySql: string, settings: Record<string, string> = {}): AsyncGenerator<Buffer, number> {
  const client = new pg.Client({ connectionString: setting("DATABASE_URL") });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    for (const [name, value] of Object.entries(settings)) await client.query("SELECT set_config($1, $2, true)", [name, value]);
    const stream = client.query(copyTo(copySql));
    // COPY sends a message per row: gathered into blocks, a million rows are a few thousand buffers for the
    // consumer instead of a million, far less garbage and far fewer generator hops.
    let block: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      block.push(chunk);
      size += chunk.length;
      if (size >= BLOCK_BYTES) {
        yield Buffer.concat(block, size);
        block = [];
        size = 0;
      }
    }
    if (size) yield Buffer.concat(block, size);
    await client.query("COMMIT");
    return stream.rowCount;
  } finally {
    await client.end();
  }
}
