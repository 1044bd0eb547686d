// Upgrading the job queue from pg-boss 10 (the line Bulkhead ran on Node 20): the launcher's install carries every
// unfinished job of the old schema into pg-boss 12's, drops the old schema, and is a no-op the second time.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withClient } from "@/server/db/database-admin";
import { installQueue } from "./install";
import { QUEUE_SCHEMA } from "./queue";

const url = () => process.env.DATABASE_URL!;
const fixture = () => readFile(path.join(import.meta.dirname, "fixtures/pgboss-10-schema.sql"), "utf8");

async function loadPgBoss10(): Promise<void> {
  await withClient(url(), async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${QUEUE_SCHEMA} CASCADE`);
    await client.query(await fixture());
  });
}

const state = () =>
  withClient(url(), async (client) => {
    const schemas = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pgboss%' ORDER BY 1");
    const version = await client.query<{ version: number }>(`SELECT version FROM ${QUEUE_SCHEMA}.version`);
    const jobs = await client.query<{ name: string; deploymentId: string | null; state: string }>(
      `SELECT name, data->>'deploymentId' AS "deploymentId", state FROM ${QUEUE_SCHEMA}.job WHERE name NOT LIKE '\\_\\_pgboss%' ORDER BY 2`,
    );
    return { schemas: schemas.rows.map((row) => row.nspname), version: version.rows[0].version, jobs: jobs.rows };
  });

describe("installQueue on a pg-boss 10 schema", () => {
  it("carries the created, delayed and active jobs over to pg-boss 12 and drops the old schema", async () => {
    await loadPgBoss10();
    const lines: string[] = [];
    await installQueue(url(), (line) => lines.push(line));
    const after = await state();
    expect(after.schemas).toEqual([QUEUE_SCHEMA]);
    expect(after.version).toBeGreaterThanOrEqual(46);
    expect(after.jobs).toEqual([
      { name: "deployment-converge", deploymentId: "d-active", state: "created" },
      { name: "deployment-converge", deploymentId: "d-created", state: "created" },
      { name: "deployment-poll", deploymentId: "d-later", state: "created" },
    ]);
    expect(lines).toEqual(["job queue upgraded from pg-boss 10: 3 unfinished job(s) carried over"]);

    await installQueue(url(), (line) => lines.push(line));
    expect(await state()).toEqual(after);
    expect(lines).toHaveLength(1);
  });

  it("finishes an upgrade that stopped after setting the old schema aside", async () => {
    await loadPgBoss10();
    await withClient(url(), (client) => client.query(`ALTER SCHEMA ${QUEUE_SCHEMA} RENAME TO ${QUEUE_SCHEMA}_v10`));
    await installQueue(url());
    const after = await state();
    expect(after.schemas).toEqual([QUEUE_SCHEMA]);
    expect(after.jobs.map((job) => job.deploymentId)).toEqual(["d-active", "d-created", "d-later"]);
  });
});
