import { platformPolicyImpact, teamOverrideImpact } from "@/server/deployments/compliance";
import { platformPolicyImpactView } from "@/server/deployments/compliance-views";
import { platformPolicy, setTeamOverrideInput } from "@/server/policy/schemas";
import { readPolicies, setPlatformPolicy, setTeamOverride } from "@/server/policy/service";
import { allowPlainEnv, listPlainEnvAllowances, revokePlainEnv } from "@/server/secrets/allowances";
import { allowPlainEnvInput, plainEnvKeyInput } from "@/server/secrets/schemas";
import { abilityProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const policyRouter = router({
  /** Lists every team, so for the platform roles only. */
  get: abilityProcedure("readPolicy").query(() => readPolicies()),
  /** What saving this platform policy would flag, shown before the operator confirms; saves nothing. */
  impact: abilityProcedure("editPolicy").input(platformPolicy).output(outputView(platformPolicyImpactView)).query(({ ctx, input }) => platformPolicyImpact(ctx, input)),
  setPlatform: abilityProcedure("editPolicy").input(platformPolicy).mutation(({ ctx, input }) => setPlatformPolicy(ctx, input)),
  /** What saving this team override would flag among the team's live deployments; saves nothing. */
  teamOverrideImpact: abilityProcedure("editPolicy").input(setTeamOverrideInput).output(outputView(platformPolicyImpactView)).query(({ ctx, input }) => teamOverrideImpact(ctx, input)),
  setTeamOverride: abilityProcedure("editPolicy").input(setTeamOverrideInput).mutation(({ ctx, input }) => setTeamOverride(ctx, input)),
  plainEnvAllowances: abilityProcedure("readPolicy").query(() => listPlainEnvAllowances()),
  allowPlainEnv: abilityProcedure("editPolicy").input(allowPlainEnvInput).mutation(({ ctx, input }) => allowPlainEnv(ctx, input)),
  revokePlainEnv: abilityProcedure("editPolicy").input(plainEnvKeyInput).mutation(({ ctx, input }) => revokePlainEnv(ctx, input)),
});
