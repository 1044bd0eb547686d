import { deploymentCloudEvents, deploymentLiveState, deploymentLogs, exportDeploymentLogs } from "@/server/deployments/cloud-state";
import { deploymentLogsInput, exportLogsInput } from "@/server/deployments/cloud-schemas";
import { cloudEventsView, deploymentLogsView, exportLogsView, liveStateView } from "@/server/deployments/cloud-views";
import { checkDriftNow, deploy, destroy, previewDeployment, reapply, rollback, scale } from "@/server/deployments/commands";
import { deploymentCompliance, nonCompliantDeployments } from "@/server/deployments/compliance";
import { deploymentComplianceView, nonCompliantView } from "@/server/deployments/compliance-views";
import { driftedDeployments } from "@/server/deployments/drifted";
import { getDeployment, listDeployments } from "@/server/deployments/queries";
import { deploymentIdInput, deployInput, listDeploymentsInput, rollbackInput, scaleInput } from "@/server/deployments/schemas";
import { deploymentListView, deploymentView, destroyQueuedView, previewView, revisionQueuedView } from "@/server/deployments/views";
import { rest } from "@/server/rest/meta";
import { protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const deploymentsRouter = router({
  list: protectedProcedure.meta(rest("GET", "/deployments", "Deployments, newest change first")).input(listDeploymentsInput).output(outputView(deploymentListView)).query(({ ctx, input }) => listDeployments(ctx, input)),
  nonCompliant: protectedProcedure.output(outputView(nonCompliantView)).query(({ ctx }) => nonCompliantDeployments(ctx)),
  /** Why this deployment would be refused by today's catalog and policy (its page says so). */
  compliance: protectedProcedure.input(deploymentIdInput).output(outputView(deploymentComplianceView)).query(({ ctx, input }) => deploymentCompliance(ctx, input.id)),
  get: protectedProcedure.meta(rest("GET", "/deployments/{id}", "One deployment, its revisions and status timeline")).input(deploymentIdInput).output(outputView(deploymentView)).query(({ ctx, input }) => getDeployment(ctx, input.id)),
  // A query, but POST over REST: its input (the environment above all) does not fit a query string.
  preview: protectedProcedure.meta(rest("POST", "/deployments/preview", "The native requests a deploy would send, and the policy verdicts")).input(deployInput).output(outputView(previewView)).query(({ ctx, input }) => previewDeployment(ctx, input)),
  deploy: protectedProcedure.meta(rest("POST", "/deployments", "Deploy an app to a target (or redeploy it)")).input(deployInput).output(outputView(revisionQueuedView)).mutation(({ ctx, input }) => deploy(ctx, input)),
  rollback: protectedProcedure.meta(rest("POST", "/deployments/{id}/rollback", "Roll back to an earlier revision")).input(rollbackInput).output(outputView(revisionQueuedView)).mutation(({ ctx, input }) => rollback(ctx, input)),
  scale: protectedProcedure.meta(rest("POST", "/deployments/{id}/scale", "Change the number of instances")).input(scaleInput).output(outputView(revisionQueuedView)).mutation(({ ctx, input }) => scale(ctx, input)),
  destroy: protectedProcedure.meta(rest("DELETE", "/deployments/{id}", "Destroy a deployment")).input(deploymentIdInput).output(outputView(destroyQueuedView)).mutation(({ ctx, input }) => destroy(ctx, input)),
  reapply: protectedProcedure.input(deploymentIdInput).mutation(({ ctx, input }) => reapply(ctx, input)),
  checkDrift: protectedProcedure.input(deploymentIdInput).mutation(({ ctx, input }) => checkDriftNow(ctx, input)),
  drifted: protectedProcedure.query(({ ctx }) => driftedDeployments(ctx)),
  /** The container's log lines, read from the cloud's log service now; not audited. */
  logs: protectedProcedure.input(deploymentLogsInput).output(outputView(deploymentLogsView)).query(({ ctx, input }) => deploymentLogs(ctx, input)),
  /** The log lines of a range as a file; audited. */
  exportLogs: protectedProcedure.input(exportLogsInput).output(outputView(exportLogsView)).mutation(({ ctx, input }) => exportDeploymentLogs(ctx, input)),
  /** What the cloud reports about the deployment: placement, pulls, failing probes, stopped instances and why. */
  cloudEvents: protectedProcedure.input(deploymentIdInput).output(outputView(cloudEventsView)).query(({ ctx, input }) => deploymentCloudEvents(ctx, input.id)),
  /** Where the app answers and how many instances run, asked of the cloud now. */
  liveState: protectedProcedure.input(deploymentIdInput).output(outputView(liveStateView)).query(({ ctx, input }) => deploymentLiveState(ctx, input.id)),
});
