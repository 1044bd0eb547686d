import { dataDir } from "@/server/config/secret-file";

/**
 * For commands run beside Bulkhead: DATABASE_URL when set, else the embedded Postgres of BULKHEAD_DATA_DIR started as
 * `npm start` does (stop Bulkhead first: one server per data folder). Returns what closes both again.
 */
export async function openDatabase(): Promise<() => Promise<void>> {
  let stopPostgres = async () => {};
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    const postgres = await startEmbeddedPostgres({ dataDir: dataDir() });
    stopPostgres = postgres.stop;
    process.env.DATABASE_URL = postgres.url;
  }
  const { disconnectDb } = await import("@/server/db/client");
  return async () => {
    await disconnectDb();
    await stopPostgres();
  };
}
