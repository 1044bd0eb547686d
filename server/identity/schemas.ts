import { z } from "zod";
import { Role } from "@/server/db/generated/enums";

// Shared by the admin procedure and the admin page's form.

export const setRoleInput = z.object({
  userId: z.string().min(1, "Choose a person").max(128),
  role: z.enum(Role, "Role is one of developer, operator, compliance, admin"),
  /** The teams the person belongs to afterwards; left out, their memberships stay as they are. */
  teamIds: z.array(z.string().uuid("Team: not a team id")).max(100, "Teams: at most 100").optional(),
});
export type SetRoleInput = z.infer<typeof setRoleInput>;
