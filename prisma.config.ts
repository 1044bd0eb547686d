// Used by the Prisma CLI where its native engines exist (e.g. `prisma migrate status`).
// Bulkhead itself migrates through the WASM schema engine: see server/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/bulkhead" },
});
