import { demoAccounts } from "@/server/identity/demo-accounts";
import { acceptInvitation, invite, previewInvitation, revokeInvitation } from "@/server/identity/invitations";
import { deactivateUser, reactivateUser, setMemberships } from "@/server/identity/people";
import { setUserRole } from "@/server/identity/roles";
import {
  acceptInvitationInput,
  createTeamInput,
  invitationIdInput,
  invitationTokenInput,
  inviteInput,
  renameTeamInput,
  setMembershipsInput,
  setRoleInput,
  teamIdInput,
  userIdInput,
} from "@/server/identity/schemas";
import { ssoSignInOption } from "@/server/identity/oidc-config";
import { describeMe, listDirectory } from "@/server/identity/service";
import { meView } from "@/server/identity/views";
import { outputView } from "@/server/trpc/output-view";
import { rest } from "@/server/rest/meta";
import { archiveTeam, createTeam, renameTeam, restoreTeam } from "@/server/identity/teams";
import { abilityProcedure, protectedProcedure, publicProcedure, router } from "@/server/trpc/init";

const admin = abilityProcedure("administer");

export const identityRouter = router({
  me: protectedProcedure.meta(rest("GET", "/me", "Who is calling: the person (or team, for a service token), role and teams")).output(outputView(meView)).query(({ ctx }) => describeMe(ctx.actor)),
  directory: admin.query(() => listDirectory()),
  /** Role (and teams) of a person; revokes all their sessions in the same transaction. */
  setRole: admin.input(setRoleInput).mutation(({ ctx, input }) => setUserRole(ctx, input)),
  setMemberships: admin.input(setMembershipsInput).mutation(({ ctx, input }) => setMemberships(ctx, input)),
  /** Revokes all their sessions in the same transaction; they cannot sign in until reactivated. */
  deactivate: admin.input(userIdInput).mutation(({ ctx, input }) => deactivateUser(ctx, input.userId)),
  reactivate: admin.input(userIdInput).mutation(({ ctx, input }) => reactivateUser(ctx, input.userId)),

  createTeam: admin.input(createTeamInput).mutation(({ ctx, input }) => createTeam(ctx, input)),
  renameTeam: admin.input(renameTeamInput).mutation(({ ctx, input }) => renameTeam(ctx, input)),
  archiveTeam: admin.input(teamIdInput).mutation(({ ctx, input }) => archiveTeam(ctx, input.teamId)),
  restoreTeam: admin.input(teamIdInput).mutation(({ ctx, input }) => restoreTeam(ctx, input.teamId)),

  /** A one-time link, in the answer only (and mailed when SMTP is configured). */
  invite: admin.input(inviteInput).mutation(({ ctx, input }) => invite(ctx, input)),
  revokeInvitation: admin.input(invitationIdInput).mutation(({ ctx, input }) => revokeInvitation(ctx, input.id)),
  /** For the invitation page, before anyone is signed in: who is invited, as what. */
  invitation: publicProcedure.input(invitationTokenInput).query(({ ctx, input }) => previewInvitation(ctx.meta, input.token)),
  acceptInvitation: publicProcedure.input(acceptInvitationInput).mutation(({ ctx, input }) => acceptInvitation(ctx.meta, input)),

  /** Only in sandbox mode, so a newcomer can look around at once; empty otherwise. */
  demoAccounts: publicProcedure.query(() => demoAccounts()),
  /** For the sign-in page: the single sign-on button's provider and label, or null when SSO is off. Never the secret. */
  ssoSignIn: publicProcedure.query(() => ssoSignInOption()),
});
