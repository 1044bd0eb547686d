import { platformPolicy, setTeamOverrideInput } from "@/server/policy/schemas";
import { readPolicies, setPlatformPolicy, setTeamOverride } from "@/server/policy/service";
import { roleProcedure, router } from "@/server/trpc/init";

export const policyRouter = router({
  /** Lists every team, so for the platform roles only. */
  get: roleProcedure("operator", "compliance", "admin").query(() => readPolicies()),
  setPlatform: roleProcedure("operator").input(platformPolicy).mutation(({ ctx, input }) => setPlatformPolicy(ctx, input)),
  setTeamOverride: roleProcedure("operator").input(setTeamOverrideInput).mutation(({ ctx, input }) => setTeamOverride(ctx, input)),
});
