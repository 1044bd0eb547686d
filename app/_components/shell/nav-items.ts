import type { Role } from "@/server/db/generated/enums";

/** Where each persona starts and what it sees in the navigation. */
export const navByRole: Record<Role, { href: string; label: string }[]> = {
  developer: [{ href: "/apps", label: "Apps" }],
  operator: [
    { href: "/operations", label: "Overview" },
    { href: "/targets", label: "Targets" },
    { href: "/catalog", label: "Base images" },
    { href: "/policy", label: "Policy" },
    { href: "/apps", label: "Apps" },
  ],
  compliance: [{ href: "/audit", label: "Audit trail" }],
  admin: [
    { href: "/admin", label: "People & teams" },
    { href: "/apps", label: "Apps" },
    { href: "/audit", label: "Audit trail" },
  ],
};

export const roleLabels: Record<Role, string> = {
  developer: "Developer",
  operator: "IT operations",
  compliance: "Compliance",
  admin: "Administrator",
};
