import { checkDriftNow, deploy, destroy, previewDeployment, reapply, rollback, scale } from "@/server/deployments/commands";
import { nonCompliantDeployments } from "@/server/deployments/compliance";
import { driftedDeployments } from "@/server/deployments/drifted";
import { getDeployment, listDeployments } from "@/server/deployments/queries";
import { deploymentIdInput, deployInput, listDeploymentsInput, rollbackInput, scaleInput } from "@/server/deployments/schemas";
import { protectedProcedure, router } from "@/server/trpc/init";

export const deploymentsRouter = router({
  list: protectedProcedure.input(listDeploymentsInput).query(({ ctx, input }) => listDeployments(ctx, input)),
  nonCompliant: protectedProcedure.query(({ ctx }) => nonCompliantDeployments(ctx)),
  get: protectedProcedure.input(deploymentIdInput).query(({ ctx, input }) => getDeployment(ctx, input.id)),
  preview: protectedProcedure.input(deployInput).query(({ ctx, input }) => previewDeployment(ctx, input)),
  deploy: protectedProcedure.input(deployInput).mutation(({ ctx, input }) => deploy(ctx, input)),
  rollback: protectedProcedure.input(rollbackInput).mutation(({ ctx, input }) => rollback(ctx, input)),
  scale: protectedProcedure.input(scaleInput).mutation(({ ctx, input }) => scale(ctx, input)),
  destroy: protectedProcedure.input(deploymentIdInput).mutation(({ ctx, input }) => destroy(ctx, input)),
  reapply: protectedProcedure.input(deploymentIdInput).mutation(({ ctx, input }) => reapply(ctx, input)),
  checkDrift: protectedProcedure.input(deploymentIdInput).mutation(({ ctx, input }) => checkDriftNow(ctx, input)),
  drifted: protectedProcedure.query(({ ctx }) => driftedDeployments(ctx)),
});
