import { createCallerFactory, router } from "@/server/trpc/init";
import { appsRouter } from "./apps";
import { auditRouter } from "./audit";
import { catalogRouter } from "./catalog";
import { deploymentsRouter } from "./deployments";
import { identityRouter } from "./identity";
import { linksRouter } from "./links";
import { overridesRouter } from "./overrides";
import { policyRouter } from "./policy";
import { registriesRouter } from "./registries";
import { signingKeysRouter } from "./signing-keys";
import { secretsRouter } from "./secrets";
import { targetsRouter } from "./targets";
import { tokensRouter } from "./tokens";

export const appRouter = router({
  apps: appsRouter,
  audit: auditRouter,
  catalog: catalogRouter,
  deployments: deploymentsRouter,
  identity: identityRouter,
  links: linksRouter,
  overrides: overridesRouter,
  policy: policyRouter,
  registries: registriesRouter,
  signingKeys: signingKeysRouter,
  secrets: secretsRouter,
  targets: targetsRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
