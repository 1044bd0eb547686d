import { createTargetInput } from "@/server/targets/schemas";
import { createTarget, listTargets } from "@/server/targets/service";
import { targetListView } from "@/server/targets/views";
import { rest } from "@/server/rest/meta";
import { protectedProcedure, roleProcedure, router } from "@/server/trpc/init";

export const targetsRouter = router({
  list: protectedProcedure.meta(rest("GET", "/targets", "Where apps can be deployed")).output(targetListView).query(() => listTargets()),
  create: roleProcedure("operator").input(createTargetInput).mutation(({ ctx, input }) => createTarget(ctx, input)),
});
