import { appLinksInput, decideLinkInput, requestLinkInput } from "@/server/links/schemas";
import { approveLink, linkCallees, linksOfApp, pendingLinkApprovals, rejectLink, requestLink, revokeLink } from "@/server/links/service";
import { protectedProcedure, router } from "@/server/trpc/init";

// Who may do what is decided per link by server/links/rules.ts, so every signed-in role reaches the service.
export const linksRouter = router({
  forApp: protectedProcedure.input(appLinksInput).query(({ ctx, input }) => linksOfApp(ctx, input.appId)),
  pending: protectedProcedure.query(({ ctx }) => pendingLinkApprovals(ctx)),
  callees: protectedProcedure.input(appLinksInput).query(({ ctx, input }) => linkCallees(ctx, input.appId)),
  request: protectedProcedure.input(requestLinkInput).mutation(({ ctx, input }) => requestLink(ctx, input)),
  approve: protectedProcedure.input(decideLinkInput).mutation(({ ctx, input }) => approveLink(ctx, input)),
  reject: protectedProcedure.input(decideLinkInput).mutation(({ ctx, input }) => rejectLink(ctx, input)),
  revoke: protectedProcedure.input(decideLinkInput).mutation(({ ctx, input }) => revokeLink(ctx, input)),
});
