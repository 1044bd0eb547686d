import { appOverridesInput, decideOverrideInput, deploymentOverridesInput, listOverridesInput, requestOverrideInput } from "@/server/overrides/schemas";
import { appOverrides, approveOverride, deploymentOverrides, listOverrides, rejectOverride, requestOverride } from "@/server/overrides/service";
import { protectedProcedure, router } from "@/server/trpc/init";

/** Break-glass overrides of policy refusals (server/overrides/rules.ts says who may do what). */
export const overridesRouter = router({
  list: protectedProcedure.input(listOverridesInput).query(({ ctx, input }) => listOverrides(ctx, input)),
  forDeployment: protectedProcedure.input(deploymentOverridesInput).query(({ ctx, input }) => deploymentOverrides(ctx, input.deploymentId)),
  forApp: protectedProcedure.input(appOverridesInput).query(({ ctx, input }) => appOverrides(ctx, input.appId)),
  request: protectedProcedure.input(requestOverrideInput).mutation(({ ctx, input }) => requestOverride(ctx, input)),
  approve: protectedProcedure.input(decideOverrideInput).mutation(({ ctx, input }) => approveOverride(ctx, input)),
  reject: protectedProcedure.input(decideOverrideInput).mutation(({ ctx, input }) => rejectOverride(ctx, input)),
});
