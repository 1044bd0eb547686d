import { createTargetInput } from "@/server/targets/schemas";
import { createTarget, listTargets } from "@/server/targets/service";
import { protectedProcedure, roleProcedure, router } from "@/server/trpc/init";

export const targetsRouter = router({
  list: protectedProcedure.query(() => listTargets()),
  create: roleProcedure("operator").input(createTargetInput).mutation(({ ctx, input }) => createTarget(ctx, input)),
});
