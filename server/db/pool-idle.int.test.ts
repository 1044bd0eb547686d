import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { db, dbPool } from "./client";

// pg closes a pooled connection after 10 s idle unless told otherwise; a replica quiet that long then reconnected its
// whole pool on the next burst (bench P4, 5 December).
it("keeps a pooled connection, on the same Postgres backend, through 10.5 s of idleness", async () => {
  const backend = async () => (await db().$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0].pid;
  const first = await backend();
  await sleep(10_500);
  expect(dbPool().idleCount).toBe(1);
  expect(await backend()).toBe(first);
}, 30_000);
