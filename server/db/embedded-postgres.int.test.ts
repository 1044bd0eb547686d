// The embedded mode itself: these start their own servers in their own temp folders, even when
// DATABASE_URL is set (the per-file database the harness made for this file goes unused).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";

const folders: string[] = [];
const stops: (() => Promise<void>)[] = [];

async function newFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "bulkhead-embedded-"));
  folders.push(dir);
  return dir;
}

async function start(dataDir: string) {
  const server = await startEmbeddedPostgres({ dataDir });
  stops.push(server.stop);
  return server;
}

afterAll(async () => {
  for (const stop of stops) await stop();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

it("keeps its data across stop and start, listens on loopback only, and keeps its password private", async () => {
  const dataDir = await newFolder();
  const first = await start(dataDir);
  const url = new URL(first.url);
  expect([url.hostname, url.username, url.pathname]).toEqual(["127.0.0.1", "bulkhead", "/bulkhead"]);
  expect(await query(first.url, "SHOW listen_addresses")).toEqual([{ listen_addresses: "127.0.0.1" }]);
  expect(await query(first.url, "SHOW server_encoding")).toEqual([{ server_encoding: "UTF8" }]);
  await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
  await first.stop();
  await first.stop(); // idempotent

  const passwordFile = path.join(dataDir, "postgres-password");
  expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
  expect((await readFile(passwordFile, "utf8")).trim()).toBe(decodeURIComponent(url.password));

  const second = await start(dataDir);
  expect(new URL(second.url).password).toBe(url.password);
  expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
  await second.stop();
});

it("comes up on the same data after the process running it was killed with SIGKILL", async () => {
  const dataDir = await newFolder();
  // `node --import tsx` rather than the tsx CLI, which would run the script in a grandchild that survives.
  const child = spawn(process.execPath, ["--import", "tsx", "testing/fixtures/embedded-postgres-process.ts", dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^URL (\S+)$/m.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code, signal) => reject(new Error(`fixture exited before printing its URL (${signal ?? code})`)));
  });
  await query(url, "CREATE TABLE survived (v text); INSERT INTO survived VALUES ('yes')");
  const orphanPid = Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);

  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  expect(() => process.kill(orphanPid, 0)).not.toThrow(); // the orphan still runs, holding postmaster.pid

  const again = await start(dataDir);
  expect(await query(again.url, "SELECT v FROM survived")).toEqual([{ v: "yes" }]);
  await again.stop();
});
