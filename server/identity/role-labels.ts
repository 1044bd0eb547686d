import type { Role } from "@/server/db/generated/enums";

/** Each role as people read it (the dashboard, invitation mails). Client-safe: no server imports. */
export const roleLabels: Record<Role, string> = {
  developer: "Developer",
  operator: "IT operations",
  compliance: "Compliance",
  admin: "Administrator",
};
