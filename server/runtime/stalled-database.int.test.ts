import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureDashboardBuilt, launch, sharedKeys, type Launched } from "@/testing/launcher";
import { remoteCall, remoteSignIn } from "@/testing/remote-api";
import { waitFor } from "@/testing/wait-for";

// `npm start` whose embedded Postgres is frozen (SIGSTOP on the server and all its backends) for 10 s: readiness
// answers 503 within 2 s, the API answers 503 within the configured database timeout instead of hanging, liveness
// stays 200, and everything answers again once Postgres runs on.

const port = 3643;
const STATEMENT_SECONDS = 3;
let dataDir: string;
let launched: Launched | undefined;
let frozen: number[] = [];

beforeAll(async () => {
  await ensureDashboardBuilt();
  dataDir = await mkdtemp(path.join(tmpdir(), "bulkhead-stalled-"));
}, 600_000);

afterAll(async () => {
  signalAll(frozen, "SIGCONT");
  if (launched && launched.child.exitCode === null) launched.signal("SIGTERM");
  await launched?.exited;
});

function signalAll(pids: number[], signal: NodeJS.Signals) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

/** The postmaster of the data folder and every process it started (backends, checkpointer, walwriter, …). */
async function postgresProcesses(): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: performance.now() - started };
}

it("answers 503 within its limits while Postgres is frozen for 10 s, and recovers after", { timeout: 300_000 }, async () => {
  launched = await launch({
    port,
    env: {
      ...sharedKeys(),
      BULKHEAD_SANDBOX: "0",
      BULKHEAD_DATA_DIR: dataDir,
      BULKHEAD_ADMIN_EMAIL: "root@stall.test",
      BULKHEAD_ADMIN_PASSWORD: "stalling-admin-password",
      BULKHEAD_DB_STATEMENT_TIMEOUT_SECONDS: String(STATEMENT_SECONDS),
      BULKHEAD_DB_POOL_TIMEOUT_SECONDS: String(STATEMENT_SECONDS),
    },
  });
  const url = launched.url;
  const { cookie } = await remoteSignIn(url, "root@stall.test", "stalling-admin-password");
  expect((await remoteCall(url, cookie, "identity.directory")).status).toBe(200);
  expect((await fetch(`${url}/api/ready`)).status).toBe(200);

  frozen = await postgresProcesses();
  signalAll(frozen, "SIGSTOP");
  const frozenAt = Date.now();

  const ready = await timed(() => fetch(`${url}/api/ready`));
  expect(ready.value.status).toBe(503);
  expect(ready.ms).toBeLessThan(2_000);
  expect((await ready.value.json()).checks.database).toMatch(/did not answer within 1000 ms/);

  const alive = await timed(() => fetch(`${url}/api/health`));
  expect(alive.value.status).toBe(200);
  expect(alive.ms).toBeLessThan(1_000);

  // A read (the session lookup comes first) and a change: both 503, within the statement timeout and its margin.
  const read = await timed(() => remoteCall(url, cookie, "identity.directory"));
  expect(read.value.status).toBe(503);
  expect(read.value.error?.message).toMatch(/database did not answer in time/);
  const change = await timed(() => remoteCall(url, cookie, "identity.createTeam", { name: "Frozen" }, "mutation"));
  expect(change.value.status).toBe(503);
  // The configured timeout, and a second for the request around the query on a busy machine.
  const limit = STATEMENT_SECONDS * 1000 + 1_000;
  expect(read.ms).toBeLessThan(limit);
  expect(change.ms).toBeLessThan(limit);
  console.log(`frozen Postgres: ready 503 in ${ready.ms.toFixed(0)} ms, read 503 in ${read.ms.toFixed(0)} ms, change 503 in ${change.ms.toFixed(0)} ms (statement timeout ${STATEMENT_SECONDS} s)`);

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - frozenAt))));
  signalAll(frozen, "SIGCONT");
  frozen = [];
  await waitFor("readiness to come back", async () => (await fetch(`${url}/api/ready`)).status === 200, 60_000, 250);
  await waitFor("the API to answer again", async () => (await remoteCall(url, cookie, "identity.directory")).status === 200, 60_000, 250);
});
