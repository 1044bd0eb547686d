import type { Role } from "@/server/identity/contract";

/** Everyone keeps API tokens of their own (server/tokens). */
const tokens = { href: "/tokens", label: "API tokens" };
/** What runs on what, and what is due a rebase: each persona's own teams, or every team. */
const reports = { href: "/reports", label: "Reports" };
/** Each team's registry credentials: kept by its developers and the operators, read by compliance and admins. */
const registries = { href: "/registries", label: "Registries" };
/** The keys image signatures are verified against: curated by the operators, public to everyone. */
const signingKeys = { href: "/signing-keys", label: "Signing keys" };

/** Where each persona starts and what it sees in the navigation. */
export const navByRole: Record<Role, { href: string; label: string }[]> = {
  developer: [{ href: "/apps", label: "Apps" }, registries, signingKeys, reports, tokens],
  operator: [
    { href: "/operations", label: "Overview" },
    { href: "/targets", label: "Targets" },
    { href: "/catalog", label: "Base images" },
    { href: "/policy", label: "Policy" },
    { href: "/apps", label: "Apps" },
    registries,
    signingKeys,
    reports,
    tokens,
  ],
  compliance: [{ href: "/audit", label: "Audit trail" }, registries, signingKeys, reports, tokens],
  admin: [
    { href: "/admin", label: "People & teams" },
    { href: "/apps", label: "Apps" },
    { href: "/audit", label: "Audit trail" },
    registries,
    signingKeys,
    reports,
    tokens,
  ],
};

export { roleLabels } from "@/server/identity/contract";
