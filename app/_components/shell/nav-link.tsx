"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/app/_components/ui/cn";

export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const active = usePathname().startsWith(href);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("rounded-md px-3 py-1.5 text-sm font-medium", active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100")}
    >
      {children}
    </Link>
  );
}
