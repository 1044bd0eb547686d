import Link from "next/link";
import { LogOut, Shield } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import type { Role } from "@/server/identity/contract";
import { NavLink } from "./nav-link";
import { navByRole, roleLabels } from "./nav-items";
import { SignOutButton } from "./sign-out-button";

export function AppShell({ me, children }: { me: { name: string; email: string; role: Role; teams: { name: string }[] }; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
          <Link href="/" className="flex items-center gap-2 font-semibold">
            <Icon icon={Shield} className="h-5 w-5 text-brand-600" aria-hidden /> Bulkhead
          </Link>
          <nav aria-label="Main" className="flex flex-1 items-center gap-1">
            {navByRole[me.role].map((item) => (
              <NavLink key={item.href} href={item.href}>
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <div className="text-right leading-tight">
              <div className="font-medium">{me.name}</div>
              <div className="text-xs text-slate-500">
                {roleLabels[me.role]}
                {me.teams.length ? ` · ${me.teams.map((team) => team.name).join(", ")}` : ""}
              </div>
            </div>
            <SignOutButton>
              <Icon icon={LogOut} className="h-4 w-4" aria-hidden /> Sign out
            </SignOutButton>
          </div>
        </div>
      </header>
      <main id="content" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none">{children}</main>
    </div>
  );
}
