import { connectionCheckInput, createTargetInput, disableTargetInput, rotateCredentialsInput, targetIdInput, updateTargetInput } from "@/server/targets/schemas";
import { getConnectionCheck, startConnectionCheck } from "@/server/targets/connection-check";
import { deleteTarget, disableTarget, enableTarget, rotateCredentials, updateTarget } from "@/server/targets/lifecycle";
import { createTarget, getTarget, listTargets } from "@/server/targets/service";
import { providerDescriptors } from "@/providers/registry";
import { providerDescriptorListView, targetListView, targetView } from "@/server/targets/views";
import { rest } from "@/server/rest/meta";
import { abilityProcedure, protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const targetsRouter = router({
  list: protectedProcedure.meta(rest("GET", "/targets", "Where apps can be deployed")).output(outputView(targetListView)).query(({ ctx }) => listTargets(ctx.actor)),
  /** The registered providers as the target form and lists show them: names, form fields, fields never edited. */
  providers: protectedProcedure.output(outputView(providerDescriptorListView)).query(() => providerDescriptors()),
  get: protectedProcedure.input(targetIdInput).output(outputView(targetView)).query(({ ctx, input }) => getTarget(ctx.actor, input.id)),
  create: abilityProcedure("manageTargets").input(createTargetInput).mutation(({ ctx, input }) => createTarget(ctx, input)),
  update: abilityProcedure("manageTargets").input(updateTargetInput).mutation(({ ctx, input }) => updateTarget(ctx, input)),
  /** Replaces the sealed credentials; audited with fingerprints only. */
  rotateCredentials: abilityProcedure("manageTargets").input(rotateCredentialsInput).mutation(({ ctx, input }) => rotateCredentials(ctx, input)),
  /** A cheap authenticated read on the provider, run as a job; poll `connectionCheck` for the answer. */
  testConnection: abilityProcedure("manageTargets").input(targetIdInput).mutation(({ ctx, input }) => startConnectionCheck(ctx, input.id)),
  connectionCheck: abilityProcedure("manageTargets").input(connectionCheckInput).query(({ input }) => getConnectionCheck(input.id)),
  disable: abilityProcedure("manageTargets").input(disableTargetInput).mutation(({ ctx, input }) => disableTarget(ctx, input)),
  enable: abilityProcedure("manageTargets").input(targetIdInput).mutation(({ ctx, input }) => enableTarget(ctx, input.id)),
  /** Refused while deployments live on it, naming them. */
  delete: abilityProcedure("manageTargets").input(targetIdInput).mutation(({ ctx, input }) => deleteTarget(ctx, input.id)),
});
