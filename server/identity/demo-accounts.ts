import type { Role } from "@/server/db/generated/enums";
import { setting } from "@/server/config/env";

/** Demo people seeded in sandbox mode. The password is published on the sign-in page: sandbox only. */
export const DEMO_PASSWORD = "bulkhead-demo-password";

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  teamSlugs: string[];
  persona: string;
}

export const DEMO_TEAMS = [
  { slug: "payments", name: "Payments" },
  { slug: "storefront", name: "Storefront" },
] as const;

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "dev@bulkhead.local", name: "Dana Developer", role: "developer", teamSlugs: ["payments"], persona: "Developer on Payments" },
  { email: "dev2@bulkhead.local", name: "Sam Storefront", role: "developer", teamSlugs: ["storefront"], persona: "Developer on Storefront" },
  { email: "ops@bulkhead.local", name: "Olivia Operator", role: "operator", teamSlugs: [], persona: "IT operations" },
  { email: "audit@bulkhead.local", name: "Casey Compliance", role: "compliance", teamSlugs: [], persona: "Compliance officer" },
  { email: "admin@bulkhead.local", name: "Ada Admin", role: "admin", teamSlugs: [], persona: "Administrator" },
];

export function demoAccounts() {
  if (setting("BULKHEAD_SANDBOX") !== "1") return { password: null, accounts: [] };
  return { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map(({ email, name, role, persona }) => ({ email, name, role, persona })) };
}
