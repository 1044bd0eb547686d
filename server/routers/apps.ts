import { appIdInput, createAppInput, listAppsInput, setAppClassificationInput, updateAppInput } from "@/server/apps/schemas";
import { createApp, deleteApp, getApp, listApps, setAppClassification, updateApp } from "@/server/apps/service";
import { appListView, appView } from "@/server/apps/views";
import { rest } from "@/server/rest/meta";
import { abilityProcedure, protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const appsRouter = router({
  list: protectedProcedure.meta(rest("GET", "/apps", "Apps the caller may see")).input(listAppsInput).output(outputView(appListView)).query(({ ctx, input }) => listApps(ctx, input)),
  get: protectedProcedure.meta(rest("GET", "/apps/{id}", "One app")).input(appIdInput).output(outputView(appView)).query(({ ctx, input }) => getApp(ctx, input.id)),
  create: protectedProcedure.meta(rest("POST", "/apps", "Register an app")).input(createAppInput).output(outputView(appView)).mutation(({ ctx, input }) => createApp(ctx, input)),
  update: protectedProcedure.meta(rest("PATCH", "/apps/{id}", "Change an app")).input(updateAppInput).output(outputView(appView)).mutation(({ ctx, input }) => updateApp(ctx, input)),
  /** Operators set any app's classification, with a reason, whatever the platform lets teams do. */
  setClassification: abilityProcedure("reclassifyApps").input(setAppClassificationInput).output(outputView(appView)).mutation(({ ctx, input }) => setAppClassification(ctx, input)),
  delete: protectedProcedure.input(appIdInput).mutation(({ ctx, input }) => deleteApp(ctx, input.id)),
});
