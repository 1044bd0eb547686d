import { appLinksInput, decideLinkInput, requestLinkInput } from "@/server/links/schemas";
import { approveLink, linkCallees, linksOfApp, pendingLinkApprovals, rejectLink, requestLink, revokeLink } from "@/server/links/service";
import { appLinksView, linkView } from "@/server/links/views";
import { rest } from "@/server/rest/meta";
import { protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

// Who may do what is decided per link by server/links/rules.ts, so every signed-in role reaches the service.
export const linksRouter = router({
  forApp: protectedProcedure.meta(rest("GET", "/apps/{appId}/links", "An app's inbound and outbound network links")).input(appLinksInput).output(outputView(appLinksView)).query(({ ctx, input }) => linksOfApp(ctx, input.appId)),
  pending: protectedProcedure.query(({ ctx }) => pendingLinkApprovals(ctx)),
  callees: protectedProcedure.input(appLinksInput).query(({ ctx, input }) => linkCallees(ctx, input.appId)),
  request: protectedProcedure.meta(rest("POST", "/links", "Request a network link (approved by someone else)")).input(requestLinkInput).output(outputView(linkView)).mutation(({ ctx, input }) => requestLink(ctx, input)),
  approve: protectedProcedure.input(decideLinkInput).mutation(({ ctx, input }) => approveLink(ctx, input)),
  reject: protectedProcedure.input(decideLinkInput).mutation(({ ctx, input }) => rejectLink(ctx, input)),
  revoke: protectedProcedure.input(decideLinkInput).mutation(({ ctx, input }) => revokeLink(ctx, input)),
});
