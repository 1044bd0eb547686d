import { demoAccounts } from "@/server/identity/demo-accounts";
import { describeMe, listDirectory } from "@/server/identity/service";
import { protectedProcedure, publicProcedure, roleProcedure, router } from "@/server/trpc/init";

export const identityRouter = router({
  me: protectedProcedure.query(({ ctx }) => describeMe(ctx.actor)),
  directory: roleProcedure("admin").query(() => listDirectory()),
  /** Only in sandbox mode, so a newcomer can look around at once; empty otherwise. */
  demoAccounts: publicProcedure.query(() => demoAccounts()),
});
