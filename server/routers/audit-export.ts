// Who may export, through the same procedure builder as the tRPC API: compliance only, sign-in required,
// input checked with audit.list's own filter schema, and a refusal audited as denied (path "audit.export"),
// all by abilityProcedure's middleware rather than a copy of it. The HTTP route (app/api/audit/export) calls
// these, then streams. A router of its own, not part of appRouter: the export is a streamed file, not a tRPC call.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { abilityProcedure, createCallerFactory, router } from "@/server/trpc/init";
import type { Context } from "@/server/trpc/context";
import { auditExportManifest, exportFilter, type AuditExportRequest } from "@/server/audit/export";
import { openExportProofs } from "@/server/audit/export-proofs";
import { auditListInput } from "@/server/audit/schemas";

const exportRouter = router({
  audit: router({
    export: abilityProcedure("exportAudit")
      .input(z.object({ format: z.enum(["csv", "ndjson"]), filter: auditListInput }))
      // A fresh id, never the client's request id: the manifest is looked up by it.
      .query(({ ctx, input }): Omit<AuditExportRequest, "onProgress"> => ({ exportId: randomUUID(), format: input.format, filter: exportFilter(input.filter), who: ctx })),
    exportManifest: abilityProcedure("exportAudit")
      .input(z.object({ exportId: z.uuid() }))
      .query(({ input }) => auditExportManifest(input.exportId)),
    exportProofs: abilityProcedure("exportAudit")
      .input(z.object({ exportId: z.uuid() }))
      .query(({ input }) => openExportProofs(input.exportId)),
  }),
});

export const exportCaller = (ctx: Context) => createCallerFactory(exportRouter)(ctx).audit;
