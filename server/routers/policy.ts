import { platformPolicy, setTeamOverrideInput } from "@/server/policy/schemas";
import { readPolicies, setPlatformPolicy, setTeamOverride } from "@/server/policy/service";
import { allowPlainEnv, listPlainEnvAllowances, revokePlainEnv } from "@/server/secrets/allowances";
import { allowPlainEnvInput, plainEnvKeyInput } from "@/server/secrets/schemas";
import { roleProcedure, router } from "@/server/trpc/init";

export const policyRouter = router({
  /** Lists every team, so for the platform roles only. */
  get: roleProcedure("operator", "compliance", "admin").query(() => readPolicies()),
  setPlatform: roleProcedure("operator").input(platformPolicy).mutation(({ ctx, input }) => setPlatformPolicy(ctx, input)),
  setTeamOverride: roleProcedure("operator").input(setTeamOverrideInput).mutation(({ ctx, input }) => setTeamOverride(ctx, input)),
  plainEnvAllowances: roleProcedure("operator", "compliance", "admin").query(() => listPlainEnvAllowances()),
  allowPlainEnv: roleProcedure("operator").input(allowPlainEnvInput).mutation(({ ctx, input }) => allowPlainEnv(ctx, input)),
  revokePlainEnv: roleProcedure("operator").input(plainEnvKeyInput).mutation(({ ctx, input }) => revokePlainEnv(ctx, input)),
});
