import { z } from "zod";
import { Role } from "@/server/db/generated/enums";
import { emailAddress, newPassword } from "./sign-in-input";

// Shared by the admin procedures and the admin page's forms, and by the invitation page.

const userId = z.string().min(1, "Choose a person").max(128, "Not a person's id");
const teamId = z.uuid("Team: not a team id");
const role = z.enum(Role, "Role is one of developer, operator, compliance, admin");
const teamIds = z.array(teamId).max(100, "Teams: at most 100");

export const setRoleInput = z.object({
  userId,
  role,
  /** The teams the person belongs to afterwards; left out, their memberships stay as they are. */
  teamIds: teamIds.optional(),
});
export type SetRoleInput = z.infer<typeof setRoleInput>;

export const setMembershipsInput = z.object({ userId, teamIds });
export type SetMembershipsInput = z.infer<typeof setMembershipsInput>;

export const userIdInput = z.object({ userId });

const teamName = z.string().trim().min(2, "Name: at least 2 characters").max(80, "Name: at most 80 characters");
/** A team's slug: what single sign-on group maps name it by. */
export const teamSlug = z
  .string()
  .trim()
  .max(40, "Slug: at most 40 characters")
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "Slug: 2–40 lowercase letters, digits and hyphens, starting with a letter or digit");

export const createTeamInput = z.object({
  name: teamName,
  /** Left out: made from the name. */
  slug: z.union([z.literal("").transform(() => undefined), teamSlug]).optional(),
});
export type CreateTeamInput = z.infer<typeof createTeamInput>;

export const renameTeamInput = z.object({ teamId, name: teamName });
export const teamIdInput = z.object({ teamId });

export const inviteInput = z
  .object({
    email: emailAddress,
    name: z.string().trim().max(120, "Name: at most 120 characters").default(""),
    role,
    /** The team they join; developers need one, the platform roles may have none. */
    teamId: z.union([z.literal("").transform(() => undefined), teamId]).optional(),
  })
  .refine((input) => input.role !== "developer" || input.teamId, { path: ["teamId"], message: "A developer joins a team: choose one" });
export type InviteInput = z.infer<typeof inviteInput>;

export const invitationIdInput = z.object({ id: z.uuid("Not an invitation id") });

/** The secret of an invitation link: 32 random bytes, base64url. */
const invitationToken = z.string().trim().max(100, "This is not an invitation link").regex(/^[A-Za-z0-9_-]{43}$/, "This is not an invitation link");

export const invitationTokenInput = z.object({ token: invitationToken });

export const acceptInvitationInput = z.object({
  token: invitationToken,
  name: z.string().trim().min(1, "Your name is required").max(120, "Name: at most 120 characters"),
  password: newPassword,
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInput>;
