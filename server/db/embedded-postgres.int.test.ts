import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";

// These start their own servers in their own folders even when DATABASE_URL is set: they test the
// embedded mode itself.
const folders: string[] = [];
async function folder() {
  const dir = await mkdtemp(path.join(tmpdir(), "bulkhead-embedded-"));
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

it("keeps its data across a stop and a start, listening on loopback only", async () => {
  const dataDir = await folder();
  const first = await startEmbeddedPostgres({ dataDir });
  expect(new URL(first.url).hostname).toBe("127.0.0.1");
  await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
  expect(await query(first.url, "SHOW listen_addresses")).toEqual([{ listen_addresses: "127.0.0.1" }]);
  await first.stop();
  await first.stop();

  const second = await startEmbeddedPostgres({ dataDir });
  expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
  await second.stop();
});

it("starts cleanly after the process that ran it was killed with SIGKILL", async () => {
  const dataDir = await folder();
  const child = spawn(process.execPath, ["--import", "tsx", "server/testing/fixtures/embedded-postgres-process.ts", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /URL (\S+)/.exec(String(chunk));
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`fixture exited early (${code})`)));
  });
  await query(url, "CREATE TABLE survived (v text); INSERT INTO survived VALUES ('yes')");
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));

  // The orphaned server still holds postmaster.pid; a new start takes over.
  const again = await startEmbeddedPostgres({ dataDir });
  expect(await query(again.url, "SELECT v FROM survived")).toEqual([{ v: "yes" }]);
  await again.stop();
});
