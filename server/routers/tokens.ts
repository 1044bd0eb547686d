import { rest } from "@/server/rest/meta";
import { createTeamTokenInput, createTokenInput, revokeTokenInput, tokenView } from "@/server/tokens/schemas";
import { createPersonalToken, createTeamToken, currentToken, listTokens, revokeToken } from "@/server/tokens/service";
import { protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

// Made, listed and revoked by people signed in (server/tokens/grants.ts refuses these to tokens); who may touch
// which token is decided in the service.
export const tokensRouter = router({
  list: protectedProcedure.query(({ ctx }) => listTokens(ctx)),
  /** The answer holds the token's text: the one time it is ever shown. */
  create: protectedProcedure.input(createTokenInput).mutation(({ ctx, input }) => createPersonalToken(ctx, input)),
  createForTeam: protectedProcedure.input(createTeamTokenInput).mutation(({ ctx, input }) => createTeamToken(ctx, input)),
  revoke: protectedProcedure.input(revokeTokenInput).mutation(({ ctx, input }) => revokeToken(ctx, input)),
  /** The token this call is made with, or null when signed in. */
  current: protectedProcedure.meta(rest("GET", "/tokens/current", "The token this request is made with: its owner, abilities, apps and expiry")).output(outputView(tokenView.nullable())).query(({ ctx }) => currentToken(ctx)),
});
