// `npm run audit:checkpoint`: one run of the checkpointer now (server/audit/checkpointer.ts): grows the Merkle
// tree to the head, signs a checkpoint if there are new events, and hands what is pending to the witnesses.
// The running product does this every BULKHEAD_AUDIT_CHECKPOINT_SECONDS on its own; this is for an operator who
// wants it now (after a key rotation, before an export). Reads DATABASE_URL, else starts the embedded Postgres of
// BULKHEAD_DATA_DIR (stop Bulkhead first). Exit 1 when a witness did not take the checkpoint.
import "./lib/supported-node";

async function main(): Promise<boolean> {
  const { dataDir } = await import("@/server/config/secret-file");
  let stopPostgres = async () => {};
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    const postgres = await startEmbeddedPostgres({ dataDir: dataDir() });
    stopPostgres = postgres.stop;
    process.env.DATABASE_URL = postgres.url;
  }
  const { db, disconnectDb } = await import("@/server/db/client");
  try {
    const { checkpointNow } = await import("@/server/audit/checkpointer");
    const run = await checkpointNow(db());
    console.log(run.signed === null ? "no new events: no checkpoint signed" : `signed checkpoint ${run.signed}`);
    for (const taken of run.witnessed) console.log(`witnessed: ${taken}`);
    for (const problem of run.problems) console.log(`NOT witnessed: ${problem}`);
    return run.problems.length === 0;
  } finally {
    await disconnectDb();
    await stopPostgres();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`audit:checkpoint: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  },
);
