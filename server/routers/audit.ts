import { listAuditEvents } from "@/server/audit/list";
import { auditListInput } from "@/server/audit/schemas";
import { roleProcedure, router } from "@/server/trpc/init";

export const auditRouter = router({
  list: roleProcedure("compliance").input(auditListInput).query(({ input }) => listAuditEvents(input)),
});
