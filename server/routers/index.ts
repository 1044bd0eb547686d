import { createCallerFactory, router } from "@/server/trpc/init";
import { appsRouter } from "./apps";
import { auditRouter } from "./audit";
import { identityRouter } from "./identity";

export const appRouter = router({
  apps: appsRouter,
  audit: auditRouter,
  identity: identityRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
