// Acceptance 1 of issue 5, the application's side: a login in the group role bulkhead_app (what `npm start`
// connects the app as) may append to and read the trail, but UPDATE, DELETE and TRUNCATE are refused by its
// privileges, before any trigger; the owner is stopped by the triggers. pg-boss, installed by the owner,
// works for the app role.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROLE, asLogin, checkAppRole, ensureAppLogin, grantAppRole } from "@/server/db/app-role";
import { PrismaClient } from "@/server/db/generated/client";
import { installQueue } from "@/server/jobs/install";
import { QUEUES, QUEUE_SCHEMA } from "@/server/jobs/queue";
import { checkpointNow } from "./checkpointer";
import { recordAudit } from "./record";
import { verifyAuditTrail } from "./trail-verification";

const ownerUrl = process.env.DATABASE_URL!;
// Roles are per server and the test databases share one: a login of this file's own.
const login = `bulkhead_test_app_${randomBytes(4).toString("hex")}`;
const password = randomBytes(18).toString("base64url");
const appUrl = asLogin(ownerUrl, login, password);
const owner = new pg.Client({ connectionString: ownerUrl });
const app = new pg.Client({ connectionString: appUrl });
const appDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: appUrl }) });
const system = { actor: null, meta: { requestId: "app-role-test", sourceIp: null, userAgent: null } };

beforeAll(async () => {
  await ensureAppLogin(ownerUrl, login, password);
  await owner.connect();
  await app.connect();
  // Through the real paths, as the app role: the events appended, then the checkpointer's tree nodes, key and
  // checkpoint inserted.
  for (let n = 1; n <= 3; n++) await recordAudit(appDb, system, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: "a1", after: { n } });
  await checkpointNow(appDb);
});

afterAll(async () => {
  await appDb.$disconnect();
  await app.end();
  await owner.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(login)}`);
  await owner.end();
});

describe("the application role", () => {
  it("is who the app's connection runs as, and the database calls it restricted", async () => {
    const [{ user }] = await appDb.$queryRaw<{ user: string }[]>`SELECT current_user AS "user"`;
    expect(user).toBe(login);
    expect(await checkAppRole(appUrl)).toEqual({ user: login, restricted: true, reason: null });
    expect(await checkAppRole(ownerUrl)).toMatchObject({ restricted: false, reason: "is a superuser" });
  });

  it("appends and reads the trail: the events chain and verify", async () => {
    expect(await appDb.auditEvent.count()).toBe(3);
    expect(await appDb.auditCheckpoint.count()).toBe(1);
    expect(await appDb.auditTreeNode.count()).toBe(4); // three leaves and the parent of the first two: the perfect subtrees
    expect(await appDb.auditSigningKey.count()).toBe(1);
    expect(await verifyAuditTrail({}, appDb)).toMatchObject({ ok: true, checked: 3 });
  });

  it.each([
    ['UPDATE "AuditEvent" SET "reason" = \'x\' WHERE "sequence" = 2', "AuditEvent"],
    ['DELETE FROM "AuditEvent" WHERE "sequence" = 2', "AuditEvent"],
    ['TRUNCATE "AuditEvent"', "AuditEvent"],
    ['UPDATE "AuditCheckpoint" SET "signature" = \'x\'', "AuditCheckpoint"],
    ['DELETE FROM "AuditCheckpoint"', "AuditCheckpoint"],
    ['TRUNCATE "AuditCheckpoint"', "AuditCheckpoint"],
    ['UPDATE "AuditTreeNode" SET "hash" = \'\\x00\'', "AuditTreeNode"],
    ['DELETE FROM "AuditTreeNode"', "AuditTreeNode"],
    ['TRUNCATE "AuditTreeNode"', "AuditTreeNode"],
    ['UPDATE "AuditSigningKey" SET "vkey" = \'x\'', "AuditSigningKey"],
    ['DELETE FROM "AuditSigningKey"', "AuditSigningKey"],
    ['DELETE FROM "AuditCheckpointWitness"', "AuditCheckpointWitness"],
    ['TRUNCATE "AuditCheckpointWitness"', "AuditCheckpointWitness"],
  ])("is refused %s by its privileges", async (sql, table) => {
    await expect(app.query(sql)).rejects.toThrow(`permission denied for table ${table}`);
  });

  it("is refused the same through Prisma, and nothing changed", async () => {
    await expect(appDb.auditEvent.deleteMany({})).rejects.toThrow(/permission denied/);
    await expect(appDb.auditEvent.update({ where: { sequence: 1n }, data: { reason: "x" } })).rejects.toThrow(/permission denied/);
    expect(await appDb.auditEvent.count()).toBe(3);
  });

  it("changes business tables, and may not touch the migrations' record", async () => {
    const team = await appDb.team.create({ data: { name: "Role test", slug: `role-${randomBytes(3).toString("hex")}` } });
    await appDb.team.update({ where: { id: team.id }, data: { name: "Renamed" } });
    await appDb.team.delete({ where: { id: team.id } });
    await expect(app.query("SELECT 1 FROM _prisma_migrations")).rejects.toThrow("permission denied");
  });

  it("for the owner, the triggers refuse the same changes", async () => {
    await expect(owner.query('UPDATE "AuditEvent" SET "reason" = \'x\' WHERE "sequence" = 2')).rejects.toThrow("append-only: UPDATE is not allowed");
    await expect(owner.query('DELETE FROM "AuditEvent"')).rejects.toThrow("append-only: DELETE is not allowed");
    await expect(owner.query('TRUNCATE "AuditEvent"')).rejects.toThrow("append-only: TRUNCATE is not allowed");
  });

  it("gets only SELECT and INSERT on a table that later becomes audit evidence (by its append-only trigger)", async () => {
    await owner.query('CREATE TABLE "AuditLaterEvidence" ("id" int PRIMARY KEY)');
    const may = async (privilege: string) =>
      (await app.query<{ ok: boolean }>(`SELECT has_table_privilege('"AuditLaterEvidence"', '${privilege}') AS ok`)).rows[0].ok;
    expect(await may("UPDATE")).toBe(true); // an ordinary table, as the default privileges make it
    await owner.query('CREATE TRIGGER "AuditLaterEvidence_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditLaterEvidence" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"()');
    await grantAppRole(ownerUrl); // what the launcher does after every migration run
    expect({ select: await may("SELECT"), insert: await may("INSERT"), update: await may("UPDATE"), delete: await may("DELETE"), truncate: await may("TRUNCATE") }).toEqual({
      select: true,
      insert: true,
      update: false,
      delete: false,
      truncate: false,
    });
  });

  it("runs pg-boss jobs once the owner installed its schema", async () => {
    await installQueue(ownerUrl);
    // Configured as the app's (server/jobs/queue.ts): with maintenance and scheduling, whose start creates queues too.
    const boss = new PgBoss({ connectionString: appUrl, schema: QUEUE_SCHEMA, monitorIntervalSeconds: 1, superviseIntervalSeconds: 1 });
    const errors: Error[] = [];
    boss.on("error", (error) => errors.push(error));
    await boss.start();
    try {
      await boss.createQueue(QUEUES.auditVerify); // exists: inserts nothing, creates no table
      const id = await boss.send(QUEUES.auditVerify, { probe: true });
      const [job] = await boss.fetch(QUEUES.auditVerify);
      expect(job.id).toBe(id);
      await boss.complete(QUEUES.auditVerify, job.id);
      await expect(app.query(`CREATE TABLE ${QUEUE_SCHEMA}.intruder (id int)`)).rejects.toThrow("permission denied for schema");
      // pg-boss's scheduler makes its own queue on start and ignores a failure to: the owner must have made it.
      expect((await boss.getQueues()).map((q) => q.name)).toEqual(expect.arrayContaining([...Object.values(QUEUES), "__pgboss__send-it"]));
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // one maintenance round, as the app role
      expect(errors).toEqual([]);
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it("is a group role that cannot log in itself", async () => {
    const { rows } = await owner.query<{ rolcanlogin: boolean }>("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    expect(rows).toEqual([{ rolcanlogin: false }]);
  });
});
