import { expect, it } from "vitest";
import { db } from "@/server/db/client";
import { latestMigration } from "@/server/db/migrate";
import { logger } from "@/server/observability/logger";
import { prepareDatabase } from "./database";

// A replica (only BULKHEAD_APP_DATABASE_URL) migrates nothing: it starts on a database that has this code's
// migrations, and refuses one that lacks them, naming the migration, rather than run against the wrong schema.

it("starts a replica on a migrated database and refuses one that lacks the newest migration, naming it", async () => {
  process.env.BULKHEAD_APP_DATABASE_URL = process.env.DATABASE_URL;
  const log = logger().child({ component: "test" });
  try {
    expect(await prepareDatabase({ mode: "replica", dataDir: "/nonexistent", log })).toEqual({ appUrl: process.env.DATABASE_URL });
    const newest = (await latestMigration())!;
    await db().$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "migration_name" = ${newest}`;
    await expect(prepareDatabase({ mode: "replica", dataDir: "/nonexistent", log })).rejects.toThrow(`The database does not have migration ${newest} yet`);
  } finally {
    delete process.env.BULKHEAD_APP_DATABASE_URL;
  }
});
