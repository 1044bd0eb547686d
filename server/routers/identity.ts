import { demoAccounts } from "@/server/identity/demo-accounts";
import { setUserRole } from "@/server/identity/roles";
import { setRoleInput } from "@/server/identity/schemas";
import { describeMe, listDirectory } from "@/server/identity/service";
import { meView } from "@/server/identity/views";
import { rest } from "@/server/rest/meta";
import { protectedProcedure, publicProcedure, roleProcedure, router } from "@/server/trpc/init";

export const identityRouter = router({
  me: protectedProcedure.meta(rest("GET", "/me", "Who is calling: the person (or team, for a service token), role and teams")).output(meView).query(({ ctx }) => describeMe(ctx.actor)),
  directory: roleProcedure("admin").query(() => listDirectory()),
  /** Role (and teams) of a person; revokes all their sessions in the same transaction. */
  setRole: roleProcedure("admin").input(setRoleInput).mutation(({ ctx, input }) => setUserRole(ctx, input)),
  /** Only in sandbox mode, so a newcomer can look around at once; empty otherwise. */
  demoAccounts: publicProcedure.query(() => demoAccounts()),
});
