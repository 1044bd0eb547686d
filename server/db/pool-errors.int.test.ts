import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { setting } from "@/server/config/env";
import { logTo } from "@/server/observability/logger";
import { waitFor } from "@/testing/wait-for";
import { dbPool } from "./client";
import { withClient } from "./database-admin";

// Its own file, so that Prisma has not connected (adapter-pg adds its own listener when it does): the session read
// goes through dbPool() and may be a process's first use of the database.
it("survives Postgres ending an idle pooled connection before Prisma has connected, logs its code and message only, and opens another", async () => {
  const lines: string[] = [];
  logTo(new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }), "warn");
  const pool = dbPool();
  const backend = async () => (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  const first = await backend();
  await withClient(setting("DATABASE_URL"), (client) => client.query("SELECT pg_terminate_backend($1)", [first]));
  await waitFor("the pool to drop the ended connection", async () => pool.totalCount === 0);
  expect(await backend()).not.toBe(first);

  const warned = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === "warn");
  expect(warned).toEqual([expect.objectContaining({ code: "57P01", reason: "terminating connection due to administrator command" })]);
  expect(Object.keys(warned[0]).sort()).toEqual(["code", "level", "msg", "pid", "reason", "service", "time"]);
});
