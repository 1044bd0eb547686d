import { appIdInput, createAppInput, listAppsInput, updateAppInput } from "@/server/apps/schemas";
import { createApp, deleteApp, getApp, listApps, updateApp } from "@/server/apps/service";
import { protectedProcedure, router } from "@/server/trpc/init";

export const appsRouter = router({
  list: protectedProcedure.input(listAppsInput).query(({ ctx, input }) => listApps(ctx, input)),
  get: protectedProcedure.input(appIdInput).query(({ ctx, input }) => getApp(ctx, input.id)),
  create: protectedProcedure.input(createAppInput).mutation(({ ctx, input }) => createApp(ctx, input)),
  update: protectedProcedure.input(updateAppInput).mutation(({ ctx, input }) => updateApp(ctx, input)),
  delete: protectedProcedure.input(appIdInput).mutation(({ ctx, input }) => deleteApp(ctx, input.id)),
});
